import { createReadStream } from "node:fs";
import type { StoreProblem } from "../api/taskTypes.js";
import { defaultInputLimits, InputTooLargeError } from "../storage/inputLimits.js";
import { readLimitedLines } from "../storage/readLimitedLines.js";
import { readVersioned, type StoreSchema } from "../storage/schemaVersion.js";

export interface StoreLines<T> {
  /** The records that parsed and passed `isValue`, in file order. */
  values: T[];
  /** Every line of the file as written (1-based line n is `raw[n - 1]`), without the final newline. */
  raw: string[];
  /** Lines that were skipped, each with file, 1-based line and why. */
  problems: StoreProblem[];
  /** The file does not end with a newline: its last write was cut short (or never finished). */
  isTorn: boolean;
}

/**
 * Reads one of our append-only JSONL stores. A line that is not JSON, or parses but fails `isValue`, is
 * skipped and reported by line number instead of failing the whole set or crashing its readers; a torn last
 * line (a crash mid-append) is reported the same way. A missing file reads as empty. The file is read line by
 * line; a line over `maxLineBytes` is never held in memory and fails the read (`input_too_large`, naming file,
 * line and limit) rather than being skipped, since a repair would then have to move aside a line it never held.
 */
export async function readStoreLines<T>(options: {
  setId: string;
  file: string;
  isValue: (value: unknown) => boolean;
  /** Default: `defaultInputLimits.maxLineBytes` (16 MiB). */
  maxLineBytes?: number;
  /**
   * The records' schema: each is migrated to the current version and loses its `schemaVersion` before `isValue`;
   * a newer version fails the read (`unsupported_schema_version`, file and line). Default: none (read as is).
   */
  schema?: StoreSchema;
}): Promise<StoreLines<T>> {
  const { setId, file, isValue, maxLineBytes = defaultInputLimits.maxLineBytes, schema } = options;
  const raw: string[] = [];
  let isTorn = false;
  try {
    for await (const limited of readLimitedLines(createReadStream(file), { maxLineBytes })) {
      if (limited.overLimit) throw new InputTooLargeError({ file, line: limited.line, what: "the line", limit: "maxLineBytes", value: maxLineBytes });
      raw.push(limited.bytes.toString("utf8"));
      isTorn = !limited.isTerminated;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { values: [], raw: [], problems: [], isTorn: false };
    throw error;
  }
  const values: T[] = [];
  const problems: StoreProblem[] = [];
  raw.forEach((line, index) => {
    if (line.trim() === "") return;
    const isLast = index === raw.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const reason = isLast && isTorn ? "torn last line (a write was cut short)" : `not valid JSON (${(error as Error).message})`;
      problems.push({ setId, file, line: index + 1, reason });
      return;
    }
    if (schema) value = readVersioned(value, { schema, file, line: index + 1 });
    if (isValue(value)) values.push(value as T);
    else problems.push({ setId, file, line: index + 1, reason: "valid JSON but not a record of this file (fields missing or of the wrong type)" });
  });
  return { values, raw, problems, isTorn };
}

const splits = ["train", "dev", "test", "prompt"];
const testKinds = ["asserts", "check", "io"];
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The fields every reader of a stored task relies on (listing, filtering, validation, rounds). */
export function isStoredTask(value: unknown, setId: string): boolean {
  if (!isObject(value)) return false;
  const { id, kind, description, entryPoint, tests, split, provenance, contentHash } = value;
  return typeof id === "string" && id.startsWith(`${setId}/`) && value.setId === setId && (kind === "repair" || kind === "problem") &&
    typeof description === "string" && typeof entryPoint === "string" && isObject(tests) && testKinds.includes(tests.kind as string) &&
    splits.includes(split as string) && isObject(provenance) && typeof provenance.sourceId === "string" && typeof contentHash === "string";
}

export function isStoredValidation(value: unknown): boolean {
  if (!isObject(value)) return false;
  return typeof value.taskId === "string" && typeof value.contentHash === "string" && ["valid", "invalid"].includes(value.status as string);
}
