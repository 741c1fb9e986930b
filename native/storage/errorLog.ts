import { appendFile, mkdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import type { WireError } from "../common/TracetuneError.js";
import { readVersioned, withSchema, type StoreSchema } from "./schemaVersion.js";

/** One error a command ended with, as `tracetune doctor` lists it for a bug report. */
export interface LoggedError {
  at: string;
  /** The CLI command ("tasks import"), or the front door that saw it. */
  command: string;
  code: string;
  message: string;
  /** The tracetune version that hit it. */
  version: string | null;
}

const errorLogSchema: StoreSchema = { name: "error log entry", version: 1 };
/** Past this size the log is moved to errors.jsonl.1 (replacing an older one): two files at most. */
const ROTATE_BYTES = 512 << 10;

const logFile = (dataDir: string) => path.join(dataDir, "logs", "errors.jsonl");

/**
 * Appends an error to `<data dir>/logs/errors.jsonl` (JSONL, versioned). Never throws: a data dir that cannot be
 * written must not hide the error being reported.
 */
export async function recordError({ dataDir, entry }: { dataDir: string; entry: LoggedError }): Promise<void> {
  const file = logFile(dataDir);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const size = await stat(file).then((info) => info.size, () => 0);
    if (size > ROTATE_BYTES) await rename(file, `${file}.1`);
    await appendFile(file, JSON.stringify(withSchema(entry, errorLogSchema)) + "\n");
  } catch {
    // nothing more to do: the error itself was already reported to the user
  }
}

/** The last `count` errors, newest last; unreadable lines are skipped (the log is diagnostics, not data). */
export async function readRecentErrors({ dataDir, count = 5 }: { dataDir: string; count?: number }): Promise<LoggedError[]> {
  const file = logFile(dataDir);
  const text = await readFile(file, "utf8").catch(() => "");
  const entries: LoggedError[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    try {
      entries.push(readVersioned<LoggedError>(JSON.parse(line), { schema: errorLogSchema, file, line: index + 1 }));
    } catch {
      // a torn or foreign line: skipped
    }
  }
  return entries.slice(-count);
}

export function toLoggedError(command: string, error: WireError, version: string | null): LoggedError {
  return { at: new Date().toISOString(), command, code: error.code, message: error.message, version };
}
