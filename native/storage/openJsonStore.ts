import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Low } from "lowdb";
import { TextFile } from "lowdb/node";
import { TracetuneError } from "../common/TracetuneError.js";
import { readVersioned, withSchema, type StoreSchema } from "./schemaVersion.js";

export class CorruptStoreError extends TracetuneError {
  constructor(file: string, reason: string) {
    super("corrupt_store", `Cannot read ${file}: ${reason}. The file was left untouched; fix or move it away and restart.`, { file, reason });
  }
}

/**
 * A lowdb document with a clear failure mode: a file that is not valid JSON of the expected shape throws
 * `CorruptStoreError` naming it, and since nothing is ever written before a successful read, a corrupt
 * file is never overwritten. Writes are atomic (lowdb's steno writer: temp file + rename). The document carries
 * `schemaVersion` (schemaVersion.ts): an older one is migrated on read, a newer one is refused naming the file.
 */
export async function openJsonStore<T extends object>(options: {
  file: string;
  defaults: T;
  /** Its name, version and migrations. Default: version 1 under the file's name, no migrations. */
  schema?: StoreSchema;
  /** Checks the parsed document; returns a reason string when it does not fit. */
  validate?: (data: unknown) => string | null;
}): Promise<Low<T>> {
  const { file, defaults, validate, schema = { name: path.basename(file), version: 1 } } = options;
  await mkdir(path.dirname(file), { recursive: true });
  const adapter = new TextFile(file);
  let text: string | null;
  try {
    text = await adapter.read();
  } catch (error) {
    throw new CorruptStoreError(file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  let data: T = structuredClone(defaults);
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CorruptStoreError(file, `not valid JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new CorruptStoreError(file, "the top level is not a JSON object");
    parsed = readVersioned(parsed, { schema, file });
    const reason = validate?.(parsed) ?? null;
    if (reason) throw new CorruptStoreError(file, reason);
    data = { ...structuredClone(defaults), ...(parsed as T) };
  }
  const db = new Low<T>(
    {
      read: async () => data,
      write: async (value: T) => adapter.write(JSON.stringify(withSchema(value, schema), null, 2) + "\n"),
    },
    defaults,
  );
  await db.read();
  return db;
}
