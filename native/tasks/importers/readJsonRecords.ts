import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import { TaskFileError } from "../taskErrors.js";

/** One record of a JSON Lines (or JSON array) file: its parsed value, or why it could not be parsed. */
/** `text` is the raw line (re-serialised for JSON arrays): hashed for idempotency, handed to Python as is. */
export type JsonRecord = { line: number; value: unknown; text: string; error: null } | { line: number; value: null; text: string; error: string };

/**
 * Streams the records of a `.jsonl`, `.jsonl.gz` or `.json` (top-level array) file with their 1-based line
 * numbers (array index + 1 for arrays). A line that is not JSON yields an error record and reading goes on;
 * blank lines are skipped. Lines end at \n only, since the datasets keep \r inside strings as escapes.
 */
export async function* readJsonRecords(options: { file: string; signal?: AbortSignal }): AsyncGenerator<JsonRecord> {
  const { file, signal } = options;
  try {
    await stat(file);
  } catch (error) {
    throw new TaskFileError(file, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error));
  }
  if (file.endsWith(".json")) {
    yield* readJsonArray(file);
    return;
  }
  const raw = createReadStream(file);
  const source: Readable = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  let streamError: Error | null = null;
  source.on("error", (error) => (streamError = error));
  raw.on("error", (error) => (streamError = error));
  let line = 0;
  try {
    for await (const text of readUtf8Lines(source)) {
      signal?.throwIfAborted();
      line += 1;
      if (text === null) {
        yield { line, value: null, text: "", error: "not valid UTF-8" };
        continue;
      }
      if (text.trim() === "") continue;
      try {
        yield { line, value: JSON.parse(text), text, error: null };
      } catch (error) {
        yield { line, value: null, text, error: `not valid JSON (${(error as Error).message})` };
      }
    }
  } catch (error) {
    throw new TaskFileError(file, `read failed at line ${line + 1}: ${(error as Error).message}`);
  }
  if (streamError) throw new TaskFileError(file, `read failed at line ${line + 1}: ${(streamError as Error).message}`);
}

/**
 * Splits a byte stream at \n and decodes each line as strict UTF-8: a line that is not valid UTF-8 comes out as
 * null (reported with its number) instead of being silently patched with U+FFFD as readline would.
 */
async function* readUtf8Lines(source: Readable): AsyncGenerator<string | null> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes: Buffer): string | null => {
    try {
      return decoder.decode(bytes).replace(/^\uFEFF/, "");
    } catch {
      return null;
    }
  };
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    let start = 0;
    for (let end = pending.indexOf(10, start); end !== -1; end = pending.indexOf(10, start)) {
      yield decode(pending.subarray(start, end));
      start = end + 1;
    }
    pending = pending.subarray(start);
  }
  if (pending.length > 0) yield decode(pending);
}

async function* readJsonArray(file: string): AsyncGenerator<JsonRecord> {
  let parsed: unknown;
  try {
    const bytes = await readFile(file);
    // An empty file is no records (the importer says so by name), not a JSON syntax error.
    if (bytes.length === 0) return;
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(file.endsWith(".gz") ? gunzipSync(bytes) : bytes));
  } catch (error) {
    throw new TaskFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new TaskFileError(file, "a .json task file must hold one top-level array");
  for (const [index, value] of parsed.entries()) yield { line: index + 1, value, text: JSON.stringify(value), error: null };
}
