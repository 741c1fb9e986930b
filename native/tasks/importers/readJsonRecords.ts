import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import { defaultInputLimits, describeOverLimit, InputTooLargeError, type InputLimits } from "../../storage/inputLimits.js";
import { readLimitedLines } from "../../storage/readLimitedLines.js";
import { TaskFileError } from "../taskErrors.js";

/** One record of a JSON Lines (or JSON array) file: its parsed value, or why it could not be parsed. */
/** `text` is the raw line (re-serialised for JSON arrays): hashed for idempotency, handed to Python as is. */
export type JsonRecord = { line: number; value: unknown; text: string; error: null } | { line: number; value: null; text: string; error: string };

/**
 * Streams the records of a `.jsonl`, `.jsonl.gz` or `.json` (top-level array) file with their 1-based line
 * numbers (array index + 1 for arrays). A line that is not JSON yields an error record and reading goes on;
 * blank lines are skipped. Lines end at \n only, since the datasets keep \r inside strings as escapes. A line over
 * `limits.maxLineBytes` is an error record naming the limit, and is never held in memory; a `.json` array over
 * `limits.maxFileBytes` (decompressed) is refused as a whole.
 */
export async function* readJsonRecords(options: { file: string; signal?: AbortSignal; /** Default: `defaultInputLimits`. */ limits?: InputLimits }): AsyncGenerator<JsonRecord> {
  const { file, signal, limits = defaultInputLimits } = options;
  try {
    await stat(file);
  } catch (error) {
    throw new TaskFileError(file, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error));
  }
  if (file.endsWith(".json")) {
    yield* readJsonArray(file, limits);
    return;
  }
  const raw = createReadStream(file);
  const source: Readable = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  let streamError: Error | null = null;
  source.on("error", (error) => (streamError = error));
  raw.on("error", (error) => (streamError = error));
  let line = 0;
  try {
    for await (const limited of readLimitedLines(source, { maxLineBytes: limits.maxLineBytes })) {
      signal?.throwIfAborted();
      line = limited.line;
      if (limited.overLimit) {
        yield { line, value: null, text: "", error: describeOverLimit("the line", "maxLineBytes", limits.maxLineBytes) };
        continue;
      }
      const text = decodeLine(limited.bytes);
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

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8: a line that is not valid UTF-8 is null (reported with its number), not patched with U+FFFD. */
function decodeLine(bytes: Buffer): string | null {
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

async function* readJsonArray(file: string, limits: InputLimits): AsyncGenerator<JsonRecord> {
  const { size } = await stat(file);
  if (size > limits.maxFileBytes) throw new InputTooLargeError({ file, what: "the file", limit: "maxFileBytes", value: limits.maxFileBytes, size });
  let parsed: unknown;
  try {
    const bytes = await readFile(file);
    // An empty file is no records (the importer says so by name), not a JSON syntax error.
    if (bytes.length === 0) return;
    let text: Buffer = bytes;
    if (file.endsWith(".gz")) {
      try {
        text = gunzipSync(bytes, { maxOutputLength: limits.maxFileBytes });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new InputTooLargeError({ file, what: "the file (decompressed)", limit: "maxFileBytes", value: limits.maxFileBytes });
        throw error;
      }
    }
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(text));
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    throw new TaskFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new TaskFileError(file, "a .json task file must hold one top-level array");
  for (const [index, value] of parsed.entries()) yield { line: index + 1, value, text: JSON.stringify(value), error: null };
}
