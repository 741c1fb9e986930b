import type { RepairModelIdentity, RepairPrompt, RepairSample, RepairTraceFormat } from "../api/repairApi.js";
import type { RepairTask } from "../api/taskTypes.js";
import { CancelledError, InvalidInputError } from "../common/TracetuneError.js";
import type { ExecLimits } from "../python/index.js";
import type { ChatMessage, SampleCompletion, SamplingBackend } from "../sampling/SamplingBackend.js";
import type { TraceRenderSettings } from "../trace/common/types.js";
import { defaultRenderSettings } from "../trace/common/defaultRenderSettings.js";
import type { TraceRunner } from "../trace/node/TraceRunner.js";
import { buildRepairPrompt } from "./buildRepairPrompt.js";
import { describeRepairBackend } from "./describeRepairBackend.js";
import { loadExemplars } from "./exemplars.js";
import { judgeCompletion, type CheckClaims } from "./judgeCompletion.js";
import { judgeInOrder } from "./judgeInOrder.js";
import { loadPromptTemplate } from "./promptTemplate.js";
import type { PromptTokenizer } from "./PromptTokenizer.js";
import { repairCaseFromTask, type RepairCase } from "./RepairCase.js";
import { defaultRepairSettings, MAX_FEW_SHOT } from "./repairSettings.js";
import type { FixRunner } from "./verifyFix.js";

/** Fixes verified side by side: the sandbox pool's interpreters (2 by default) plus one queued. */
export const JUDGE_WINDOW = 4;

/** A yielded sample also carries the messages it was prompted with (rounds record them). */
export type RunRepairSample = RepairSample & { prompt: ChatMessage[] };

export interface RunRepairOptions {
  /** What to repair: a RepairCase (repairCaseFromProgram / repairCaseFromTask) or a stored task. */
  repairCase?: RepairCase;
  task?: RepairTask;
  backend: SamplingBackend;
  /** Who produced the completions. Default: describeRepairBackend (needs `dataDir`). */
  model?: RepairModelIdentity;
  /** Counts prompt tokens as the backend sees them. Default: describeRepairBackend. */
  tokenizer?: PromptTokenizer;
  /** The model's context per sequence. Default: describeRepairBackend. */
  contextSize?: number;
  /** Where the model-hash cache lives; needed when model, tokenizer or contextSize is left out. */
  dataDir?: string;
  /** For a serving engine: its URL and model id, for its identity. Default: from the backend id. */
  engine?: { url: string; model: string };
  /** Another model's rationale shown in the prompt as a hint (docs/prompt.md, "Hint"). Default: none. */
  hint?: string;
  /** The sandbox: traces the failing test, runs each fix. */
  runtime: TraceRunner & FixRunner;
  /** Default: defaultRenderSettings (the budget is derived, docs/prompt.md). */
  traceSettings?: TraceRenderSettings;
  /** Default "next-repair-v1". */
  templateId?: string;
  /** Default "next". */
  traceFormat?: RepairTraceFormat;
  /** Default 1. */
  fewShot?: number;
  /** Default 4. */
  k?: number;
  /** Draw only completions firstIndex … k−1 (a resumed run); completion i always uses seed + i. Default 0. */
  firstIndex?: number;
  /** Default 0.8. */
  temperature?: number;
  /** Default: random. */
  seed?: number;
  /** Default 512. */
  maxTokens?: number;
  /** GBNF grammar constraining every completion. Default: none. */
  grammar?: string;
  /** Sandbox limits for each fix. Default: the case's. */
  limits?: Partial<ExecLimits>;
  /** Fixes verified side by side (1: one after another, so each stage's timing is its own). Default JUDGE_WINDOW (4). */
  judgeWindow?: number;
  /** Checks each rationale's claims against the trace. Default: checkClaims (native/repair/claims). */
  checkClaims?: CheckClaims;
  signal?: AbortSignal;
  /** Called once the prompt is built, before sampling. */
  onPrompt?: (prompt: RepairPrompt) => void;
  /** Called with each newly decoded text piece of completion `index` (the job's index, firstIndex-based). */
  onTokens?: (index: number, text: string) => void;
}

/**
 * The repair step: builds the prompt, draws the completions (k − firstIndex of them, completion i with seed
 * + i), then parses, verifies and checks each, yielding every sample as soon as it is judged, in index order.
 * Aborting `signal` stops sampling (unfinished completions are dropped, not judged) and ends the iteration
 * after the sample being judged. Throws what buildRepairPrompt and the backend throw.
 */
export async function* runRepair(options: RunRepairOptions): AsyncGenerator<RunRepairSample, void, undefined> {
  const repairCase = options.repairCase ?? (options.task ? repairCaseFromTask(options.task) : null);
  if (!repairCase) throw new InvalidInputError("runRepair needs a repairCase or a task.", { field: "task" });
  const k = options.k ?? defaultRepairSettings.k;
  const firstIndex = options.firstIndex ?? 0;
  if (!Number.isInteger(firstIndex) || firstIndex < 0 || firstIndex > k) throw new InvalidInputError(`Field "firstIndex" must be an integer from 0 to k (${k}).`, { field: "firstIndex" });
  const fewShot = options.fewShot ?? defaultRepairSettings.fewShot;
  if (!Number.isInteger(fewShot) || fewShot < 0 || fewShot > MAX_FEW_SHOT) throw new InvalidInputError(`Field "fewShot" must be an integer from 0 to ${MAX_FEW_SHOT}.`, { field: "fewShot" });
  const maxTokens = options.maxTokens ?? defaultRepairSettings.maxTokens;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const { backend, runtime, signal } = options;
  let { model, tokenizer, contextSize } = options;
  if (!model || !tokenizer || contextSize === undefined) {
    if (!options.dataDir) throw new InvalidInputError("runRepair needs dataDir to describe the backend (or model, tokenizer and contextSize).", { field: "dataDir" });
    const described = await describeRepairBackend({ backend, dataDir: options.dataDir, engine: options.engine });
    model ??= described.model;
    tokenizer ??= described.tokenizer;
    contextSize ??= described.contextSize;
  }

  const promptStarted = performance.now();
  const template = loadPromptTemplate(options.templateId ?? defaultRepairSettings.templateId);
  const { prompt, failing } = await buildRepairPrompt({
    repairCase, template, traceFormat: options.traceFormat ?? defaultRepairSettings.traceFormat, exemplars: loadExemplars().slice(0, fewShot),
    runtime, traceSettings: options.traceSettings ?? defaultRenderSettings, tokenizer, contextSize, maxTokens, hint: options.hint, signal,
  });
  const promptMs = performance.now() - promptStarted;
  options.onPrompt?.(prompt);
  const count = k - firstIndex;
  if (count === 0) return;
  if (signal?.aborted) throw new CancelledError();

  const decodeStarted = performance.now();
  const sampled = await backend.sample(
    { messages: prompt.messages, k: count, temperature: options.temperature ?? defaultRepairSettings.temperature, seed: seed + firstIndex, maxTokens, ...(options.grammar ? { grammar: options.grammar } : {}) },
    { signal, onTokens: options.onTokens ? (index, text) => options.onTokens!(firstIndex + index, text) : undefined },
  );
  const decodeMs = performance.now() - decodeStarted;
  const shared = {
    templateId: prompt.templateId, templateHash: prompt.templateHash, traceFormat: prompt.traceFormat, model,
    promptTokens: sampled.promptTokens || prompt.tokens, promptMsShare: promptMs / count, decodeMsShare: decodeMs / count,
  };
  // Unfinished completions of a cancelled batch are dropped, not judged.
  const completions: SampleCompletion[] = [...sampled.completions].sort((a, b) => a.index - b.index).filter((completion) => completion.finishReason !== "cancelled");
  if (signal?.aborted) return;
  yield* judgeInOrder({
    items: completions, window: options.judgeWindow ?? JUDGE_WINDOW, signal,
    judge: async (completion) => ({
      ...(await judgeCompletion({
        repairCase, index: firstIndex + completion.index, runtime, shared, failing, checkClaims: options.checkClaims, limits: options.limits, signal,
        completion: { text: completion.text, finishReason: completion.finishReason, seed: completion.seed, tokens: completion.tokens },
      })),
      prompt: prompt.messages,
    }),
  });
}
