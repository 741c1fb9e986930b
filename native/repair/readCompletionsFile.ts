import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { decodeUtf8 } from "../common/decodeUtf8.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { defaultInputLimits, describeOverLimit } from "../storage/inputLimits.js";
import { readLimitedLines } from "../storage/readLimitedLines.js";

/** A completions file read: the usable completions (in line order) and the lines skipped, with why. */
export interface CompletionsFile {
  completions: Array<{ line: number; text: string; finishReason?: string }>;
  skipped: Array<{ line: number; reason: string }>;
}

/**
 * Reads a JSONL file of completions made elsewhere: each non-blank line a JSON object with a string `text`
 * (optional `finish_reason` or `finishReason`, e.g. "length"/"maxTokens" for a cut-off). A bad line (not
 * JSON, not an object, no string `text`, over the line limit) is skipped with its 1-based line number and the
 * rest are still read, the same rule as `eval --samples`. A missing or unreadable file is `invalid_input`.
 */
export async function readCompletionsFile(options: { file: string; maxLineBytes?: number }): Promise<CompletionsFile> {
  const { file, maxLineBytes = defaultInputLimits.maxLineBytes } = options;
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`Cannot read --completions file ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}.`, { file, option: "--completions" });
  });
  if (!info.isFile()) throw new InvalidInputError(`The --completions path ${file} is not a file.`, { file, option: "--completions" });
  const result: CompletionsFile = { completions: [], skipped: [] };
  for await (const entry of readLimitedLines(createReadStream(file), { maxLineBytes })) {
    if (entry.overLimit) {
      result.skipped.push({ line: entry.line, reason: describeOverLimit("the line", "maxLineBytes", maxLineBytes, entry.seenBytes) });
      continue;
    }
    const text = decodeUtf8(entry.bytes);
    if (text === null) {
      result.skipped.push({ line: entry.line, reason: "not valid UTF-8" });
      continue;
    }
    if (text.trim() === "") continue;
    const parsed = parseLine(text);
    if ("reason" in parsed) result.skipped.push({ line: entry.line, reason: parsed.reason });
    else result.completions.push({ line: entry.line, ...parsed });
  }
  return result;
}

/** finish_reason values of OpenAI-style servers, mapped to the sampling backends' names. */
const FINISH_REASONS: Record<string, string> = { length: "maxTokens", max_tokens: "maxTokens", maxTokens: "maxTokens", stop: "stop", eos: "eos", cancelled: "cancelled" };

function parseLine(line: string): { text: string; finishReason?: string } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { reason: "not a JSON object" };
  const record = value as Record<string, unknown>;
  if (typeof record.text !== "string") return { reason: 'no "text" string' };
  const finish = record.finish_reason ?? record.finishReason;
  if (finish !== undefined && finish !== null && typeof finish !== "string") return { reason: 'field "finish_reason" must be a string' };
  const finishReason = typeof finish === "string" ? FINISH_REASONS[finish] ?? finish : undefined;
  return finishReason ? { text: record.text, finishReason } : { text: record.text };
}
