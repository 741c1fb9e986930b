import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { TracetuneError } from "../common/TracetuneError.js";

export class SamplesFileError extends TracetuneError {
  constructor(file: string, reason: string) {
    super("invalid_samples_file", `${file}: ${reason}`, { file });
  }
}

/** One line of an EvalPlus-style samples file: a sample, or why the line cannot be one. */
export type SamplesFileLine =
  | { line: number; taskId: string; sample: { completion: string } | { solution: string }; finishReason?: string; checkScore: number | null }
  | { line: number; error: string; taskId?: string };

/**
 * Streams an EvalPlus-style JSONL samples file line by line (node:readline over a file stream, so memory stays
 * flat whatever the file's size): each non-blank line must be a JSON object with `task_id` (string or integer)
 * and exactly one of `completion` (raw model text) or `solution` (a whole program). Optional: `finish_reason`,
 * `check_score` (a number in [0, 1]). A bad line yields an error entry with its 1-based line number.
 */
export async function* readSamplesFile(options: { file: string; signal?: AbortSignal }): AsyncGenerator<SamplesFileLine> {
  const { file, signal } = options;
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new SamplesFileError(file, error.code === "ENOENT" ? "no such file" : error.message);
  });
  if (!info.isFile()) throw new SamplesFileError(file, "not a file");
  const stream = createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      signal?.throwIfAborted();
      line += 1;
      if (text.trim() === "") continue;
      yield parseLine(line, text);
    }
  } catch (error) {
    if (error instanceof TracetuneError || (error as Error).name === "AbortError") throw error;
    throw new SamplesFileError(file, `read failed at line ${line + 1}: ${(error as Error).message}`);
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseLine(line: number, text: string): SamplesFileLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { line, error: "not a JSON object" };
  const record = value as Record<string, unknown>;
  const rawId = record.task_id;
  if (!(typeof rawId === "string" && rawId !== "") && !Number.isInteger(rawId)) return { line, error: 'field "task_id" must be a non-empty string or an integer' };
  const taskId = String(rawId);
  const hasCompletion = "completion" in record;
  const hasSolution = "solution" in record;
  if (hasCompletion === hasSolution) return { line, taskId, error: 'needs exactly one of "completion" and "solution"' };
  const field = hasCompletion ? "completion" : "solution";
  if (typeof record[field] !== "string") return { line, taskId, error: `field "${field}" must be a string` };
  const checkScore = record.check_score ?? null;
  if (checkScore !== null && (typeof checkScore !== "number" || !(checkScore >= 0 && checkScore <= 1))) return { line, taskId, error: 'field "check_score" must be a number from 0 to 1' };
  const finishReason = typeof record.finish_reason === "string" ? record.finish_reason : undefined;
  const sample = hasCompletion ? { completion: record.completion as string } : { solution: record.solution as string };
  return { line, taskId, sample, ...(finishReason ? { finishReason } : {}), checkScore };
}
