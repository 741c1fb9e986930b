import type { RoundModel, RoundRunStatus, RoundSettings, RoundStatus } from "../../api/roundsApi.js";
import type { ReceiptModel } from "../../api/roundTypes.js";

/** A round as `run.json` stores it; the sample counts are read from its samples.jsonl, never stored. */
export interface StoredRound {
  round: number;
  stage: RoundStatus["stage"];
  model: RoundModel;
  /** The model's identity (file hash, adapters, or engine and its props), taken when the round started. */
  modelIdentity: ReceiptModel;
  /** The training tasks the hard set was estimated on (the run's selection, re-checked by selectTrainingTasks). */
  candidates: string[];
  /** Per task: samples and passes of the estimate, where they came from. Null until the estimate is done. */
  estimates: Array<{ taskId: string; n: number; c: number; evaluationId: string }> | null;
  /** The evaluations the estimate uses: reused ones (matching identity) and the one(s) sampled for the rest. */
  hardSetEvaluations: Array<{ id: string; setId: string; taskIds: string[]; isReused: boolean }> | null;
  hardSet: string[] | null;
  devCheck: { evaluationIds: string[]; passAt1: { trace: number | null; noTrace: number | null } } | null;
  plan: { estimateMs: number; isUpperBound: boolean; calibrationKey: string } | null;
  actualMs: number;
  startedAt: string;
  endedAt: string | null;
}

/** `<dataDir>/rounds/<name>/run.json`. */
export interface StoredRun {
  name: string;
  createdAt: string;
  settings: RoundSettings;
  baseModel: RoundModel;
  currentModel: RoundModel;
  /** Each model change: the rounds done when it was set, so a later round knows whether it still needs training. */
  modelHistory: Array<{ model: RoundModel; setAt: string; afterRound: number; by: "run" | "set-model" | "trainer" }>;
  targetRounds: number;
  tasks: RoundRunStatus["tasks"];
  rounds: StoredRound[];
  /** The last state a process wrote; "running" without a live lock reads as "paused". */
  state: "running" | "paused" | "done" | "failed";
  error: { code: string; message: string } | null;
}
