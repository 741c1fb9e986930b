import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { EvaluateArgs, EvaluationCondition, EvaluationConfig, EvaluationTraceFormat } from "../api/evaluationApi.js";
import type { TaskSplit } from "../api/taskTypes.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { canonicalJson } from "../tasks/common/canonicalJson.js";
import { SamplesFileError } from "./readSamplesFile.js";

const allSplits: TaskSplit[] = ["train", "dev", "test", "prompt"];
const traceFormats: EvaluationTraceFormat[] = ["next", "scratchpad", "none"];

/** The default splits: every split except train and prompt. */
export const defaultEvaluationSplits: TaskSplit[] = allSplits.filter((split) => split !== "train" && split !== "prompt");
export const defaultEvaluationN = 8;
export const defaultEvaluationKs = [1, 5];
export const defaultEvaluationTemperature = 0.8;

/** The condition ids of an evaluation: one per trace format; with hints, each format with and without them. */
export function conditionsFor(options: { kind: EvaluateArgs["source"]["kind"]; traceFormats: EvaluationTraceFormat[]; rationalesFrom: string | null }): EvaluationCondition[] {
  const { kind, traceFormats: formats, rationalesFrom } = options;
  if (kind === "samples") return [{ id: "samples", traceFormat: null, hintsFrom: null }];
  return formats.flatMap((format) => [
    ...(rationalesFrom ? [{ id: `${format}+hints`, traceFormat: format, hintsFrom: rationalesFrom }] : []),
    { id: format, traceFormat: format, hintsFrom: null },
  ]);
}

/**
 * Validates `evaluate`'s arguments once, at the boundary (each error names its field), fills in the defaults
 * and derives the id: a hash of everything that changes the samples (for a samples file, its sha256), so the
 * same call finds and resumes its own evaluation and a changed one starts afresh.
 */
export async function buildEvaluationConfig(args: EvaluateArgs, options: { now?: Date } = {}): Promise<EvaluationConfig> {
  if (typeof args !== "object" || args === null) throw new InvalidInputError("evaluate needs an options object.");
  const { setId, source } = args;
  if (typeof setId !== "string" || setId === "") throw new InvalidInputError('Field "setId" must be a task set id.', { field: "setId" });
  const splits = args.splits ?? defaultEvaluationSplits;
  if (!Array.isArray(splits) || splits.length === 0 || splits.some((split) => !allSplits.includes(split))) throw new InvalidInputError(`Field "splits" must list some of ${allSplits.join(", ")}.`, { field: "splits" });
  const taskIds = args.taskIds ?? null;
  if (taskIds !== null && (!Array.isArray(taskIds) || taskIds.length === 0 || taskIds.some((id) => typeof id !== "string"))) throw new InvalidInputError('Field "taskIds" must be a non-empty list of task ids.', { field: "taskIds" });
  const ks = [...new Set(args.ks ?? defaultEvaluationKs)].sort((a, b) => a - b);
  if (ks.length === 0 || ks.some((k) => !Number.isSafeInteger(k) || k < 1)) throw new InvalidInputError('Field "ks" must list integers >= 1.', { field: "ks" });
  const formats: EvaluationTraceFormat[] = [...new Set<EvaluationTraceFormat>(args.traceFormats ?? ["next"])];
  if (formats.length === 0 || formats.some((format) => !traceFormats.includes(format))) throw new InvalidInputError(`Field "traceFormats" must list some of ${traceFormats.join(", ")}.`, { field: "traceFormats" });
  const seed = args.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidInputError('Field "seed" must be an integer >= 0.', { field: "seed" });
  const rationalesFrom = args.rationalesFrom ?? null;
  if (rationalesFrom !== null && typeof rationalesFrom !== "string") throw new InvalidInputError('Field "rationalesFrom" must be an evaluation id.', { field: "rationalesFrom" });

  let resolvedSource: EvaluationConfig["source"];
  let n: number | null = null;
  let temperature: number | null = null;
  let maxTokens: number | null = null;
  let fewShot: number | null = null;
  if (typeof source !== "object" || source === null) throw new InvalidInputError('Field "source" must be {kind: "samples" | "model" | "engine", …}.', { field: "source" });
  if (source.kind === "samples") {
    if (typeof source.file !== "string" || source.file === "") throw new InvalidInputError('Field "source.file" must be a samples file path.', { field: "source.file" });
    if (rationalesFrom !== null) throw new InvalidInputError('Field "rationalesFrom" needs a model or an engine to write the fixes, not a samples file.', { field: "rationalesFrom" });
    const file = path.resolve(source.file);
    resolvedSource = { kind: "samples", file, sha256: await hashFile(file) };
  } else {
    if (source.kind === "model") {
      if (typeof source.path !== "string" || source.path === "") throw new InvalidInputError('Field "source.path" must be a GGUF model path.', { field: "source.path" });
      const loraAdapters = source.loraAdapters ?? [];
      if (!Array.isArray(loraAdapters) || loraAdapters.some((file) => typeof file !== "string")) throw new InvalidInputError('Field "source.loraAdapters" must list adapter paths.', { field: "source.loraAdapters" });
      resolvedSource = { kind: "model", path: path.resolve(source.path), loraAdapters: loraAdapters.map((file) => path.resolve(file)) };
    } else if (source.kind === "engine") {
      if (typeof source.engine?.url !== "string" || source.engine.url === "") throw new InvalidInputError('Field "source.engine.url" must be an engine URL.', { field: "source.engine.url" });
      resolvedSource = { kind: "engine", engine: { url: source.engine.url, ...(source.engine.model ? { model: source.engine.model } : {}) } };
    } else {
      throw new InvalidInputError('Field "source.kind" must be "samples", "model" or "engine".', { field: "source.kind" });
    }
    n = args.n ?? defaultEvaluationN;
    if (!Number.isSafeInteger(n) || n < 1 || n > 10_000) throw new InvalidInputError('Field "n" must be an integer from 1 to 10000.', { field: "n" });
    temperature = args.temperature ?? defaultEvaluationTemperature;
    if (typeof temperature !== "number" || !(temperature >= 0 && temperature <= 2)) throw new InvalidInputError('Field "temperature" must be a number from 0 to 2.', { field: "temperature" });
    maxTokens = args.maxTokens ?? null;
    if (maxTokens !== null && (!Number.isSafeInteger(maxTokens) || maxTokens < 1)) throw new InvalidInputError('Field "maxTokens" must be an integer >= 1.', { field: "maxTokens" });
    fewShot = args.fewShot ?? null;
    if (fewShot !== null && (!Number.isSafeInteger(fewShot) || fewShot < 0 || fewShot > 3)) throw new InvalidInputError('Field "fewShot" must be an integer from 0 to 3.', { field: "fewShot" });
  }
  if (args.grammar !== undefined && typeof args.grammar !== "string") throw new InvalidInputError('Field "grammar" must be a GBNF grammar.', { field: "grammar" });
  const grammarHash = args.grammar ? createHash("sha256").update(args.grammar).digest("hex") : null;
  const identity = {
    modelHash: null, adapterHash: null, engine: null, templateId: null, traceFormat: null, temperature: null,
    ...(args.identity ?? {}),
  };
  const conditions = conditionsFor({ kind: source.kind, traceFormats: formats, rationalesFrom });
  const includeInvalid = args.includeInvalid === true;
  const hashed = { setId, splits: [...splits].sort(), taskIds, source: resolvedSource, n, temperature, seed, maxTokens, fewShot, grammarHash, conditions, rationalesFrom, includeInvalid };
  const id = args.id ?? `eval-${createHash("sha256").update(canonicalJson(hashed)).digest("hex").slice(0, 12)}`;
  return { id, ...hashed, ks, identity, createdAt: (options.now ?? new Date()).toISOString() };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SamplesFileError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "not a file" : (error as Error).message);
  }
  return hash.digest("hex");
}
