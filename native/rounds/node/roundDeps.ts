import type { EvaluationSource } from "../../api/evaluationApi.js";
import type { RepairModelIdentity } from "../../api/repairApi.js";
import type { RoundModel } from "../../api/roundsApi.js";
import type { SandboxRuntime } from "../../python/SharedPythonRuntime.js";
import type { CheckClaims } from "../../repair/judgeCompletion.js";
import type { PromptTokenizer } from "../../repair/PromptTokenizer.js";
import type { SamplingBackend } from "../../sampling/SamplingBackend.js";
import type { TaskStore } from "../../tasks/TaskStore.js";
import type { TraceRenderSettings } from "../../trace/common/types.js";
import type { ReceiptRuntime } from "./buildRoundRecord.js";

/** A run's model, open for sampling: the backend and what the repair step needs to prompt it and name it. */
export interface OpenedRoundModel {
  backend: SamplingBackend;
  identity: RepairModelIdentity;
  tokenizer: PromptTokenizer;
  /** Tokens per sequence (prompt + completion). */
  contextSize: number;
  /** Parallel sequences the backend decodes (the planner's batch). */
  parallelSequences: number;
  /** Evaluation threads of a local model; null for an engine. */
  threads: number | null;
  /** Called when the round is done with it (an engine's backend is disposed; a loaded model stays loaded). */
  release(): Promise<void>;
}

/**
 * Trains the next round's model between rounds (ReST-EM: from the base model on every kept sample so far).
 * The training feature provides it; until one is configured, runs of more than one round are refused.
 */
export interface RoundTrainer {
  /**
   * Whether it can train here now (e.g. its tools are built); a trainer that is not ready counts as none, so
   * `rounds` > 1 is refused up front instead of failing after a round. Default: ready.
   */
  isReady?(): Promise<boolean>;
  train(options: { dataDir: string; run: string; baseModel: RoundModel; rounds: number[]; signal: AbortSignal; progress(done: number, total: number | null): void }): Promise<RoundModel>;
}

/** What a run needs from the core; tests pass their own (a backend on the tiny model, the real sandbox). */
export interface RoundsDeps {
  dataDir: string;
  taskStore: TaskStore;
  runtime: () => Promise<SandboxRuntime>;
  openModel(model: RoundModel, signal: AbortSignal): Promise<OpenedRoundModel>;
  traceSettings(): Promise<TraceRenderSettings>;
  checkClaims?: CheckClaims;
  trainer: RoundTrainer | null;
  receiptRuntime(): Promise<ReceiptRuntime>;
}

/** A RoundModel as evaluation names its source. */
export function evaluationSourceOf(model: RoundModel): Exclude<EvaluationSource, { kind: "samples" }> {
  return model.kind === "model" ? { kind: "model", path: model.path, loraAdapters: model.loraAdapters } : { kind: "engine", engine: model.engine };
}
