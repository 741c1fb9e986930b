import type { EngineTarget } from "./enginesApi.js";
import type { RoundDropReason, RoundSampleRecord, RoundSampleVerdict, RoundTraceFormat } from "./roundTypes.js";

export type * from "./roundTypes.js";

/**
 * Self-training rounds (issue 13, docs/rounds.md): a run holds its settings, its current model and one folder
 * per round (`<dataDir>/rounds/<name>/`). Each round takes the hard training tasks, samples k rationale + fix
 * candidates per task with the trace in the prompt, keeps the ones that pass every test (deduplicated,
 * capped per task), records every sample with its execution receipt, and ends with a dev check.
 */

/** A model a run samples with: a local GGUF (with LoRA adapters), or a serving engine. Same arms as EvaluationSource. */
export type RoundModel = { kind: "model"; path: string; loraAdapters: string[] } | { kind: "engine"; engine: EngineTarget };

/** A run's settings: fixed when the run is created; a re-run with a different value is refused naming it. */
export interface RoundSettings {
  /** Task sets whose training tasks (selectTrainingTasks: split train, valid, not contaminated) the run uses. */
  taskSetIds: string[];
  /** Candidates sampled per hard task. Default 32 (NExT). */
  k: number;
  /** Samples per task for the hard-set pass@1 estimate. Default 32. */
  hardN: number;
  /** A task is hard when its estimated pass@1 is below this. Default 0.1. */
  hardM: number;
  /** Sampling temperature of the estimate and of the candidates. Default 0.8 (NExT). */
  temperature: number;
  /** How the trace is shown in the candidates' prompt. Default "next". */
  traceFormat: RoundTraceFormat;
  /** Kept samples per task and round, at most. Default 3. */
  keptPerTask: number;
  /** Jaccard similarity of normalised code + rationale token 4-grams at or above which a sample is a near duplicate. Default 0.9. */
  nearDuplicateThreshold: number;
  /** Minimum trace-check score a kept sample needs; null: no minimum. Default null. */
  minCheckScore: number | null;
  /** Take this many training tasks (a seeded shuffle, recorded); null: all. Default null. */
  maxTasks: number | null;
  /** Samples per dev task for the end-of-round check (with and without trace); 0 skips it. Default 8. */
  evalN: number;
  /** Worked exemplars shown before the task (0-3). Default 1 (the repair step's). */
  fewShot: number;
  /** Token budget of one completion. Default 512. */
  maxTokens: number;
  /** The run's seed: sample seeds, the task shuffle and evaluations derive from it. Default 1. */
  seed: number;
  /** GBNF grammar forced on every completion (tests force known outputs); null: none. Default null. */
  grammar: string | null;
}

/** `runRounds` arguments: the settings (defaults as documented), the base model and how many rounds to have. */
export interface RoundRunArgs extends Partial<Omit<RoundSettings, "taskSetIds">> {
  /** The run's name: letters, digits, `-`, `_`, `.`; at most 64 characters. */
  name: string;
  taskSetIds: string[];
  /** The base model: the first round's model, and what a re-run must name again. */
  model: RoundModel;
  /** Run until this many rounds are done (rounds after the first need a trainer or a `setRoundModel`). Default 1. */
  rounds?: number;
}

/** The planner's estimate for a round, from a calibration of at most 30 s on this model and machine. */
export interface RoundPlan {
  calibration: RoundCalibration;
  /** Completions the round will draw: hard-set estimate (tasks × hardN, minus reused), candidates (hard tasks × k, or tasks × k before the hard set is known), dev check. */
  samples: { hardSet: number; candidates: number; devCheck: number };
  /** Estimated wall time, in ms. */
  estimateMs: number;
  /** Whether the hard-set estimate is an upper bound (hard set not known yet: every task counted hard). */
  isUpperBound: boolean;
}

export interface RoundCalibration {
  /** What the calibration ran on: model file hash or engine URL + model, threads. Reused when equal and under 24 h old. */
  key: string;
  /** Generated tokens per second with the round's parallel sequences, once the first token is out (prompt evaluation excluded). */
  tokensPerSecond: number;
  /** Mean tokens of a calibration completion (the round's budget when they ran to the calibration's cap). */
  tokensPerSample: number;
  /** Sandbox verifications per second (a demo task's tests). */
  verificationsPerSecond: number;
  /** Prompt-building (trace) ms per task. */
  promptMsPerTask: number;
  /** The model's prompt evaluation per repair call, in ms (until its first token: the prompt once, then copied to the call's sequences). */
  promptEvalMs: number;
  /** Parallel sequences of the backend: a call of more samples decodes in waves of this many. */
  parallelSequences: number;
  /** ms per decode step (every sequence of a wave one token further) at each width measured (the calibration's: min(parallelSequences, k)). */
  stepMs: Array<{ width: number; ms: number }>;
  measuredAt: string;
  /** True when taken from an earlier calibration. */
  isReused: boolean;
}

/** One round as `round status` shows it. */
export interface RoundStatus {
  round: number;
  /** "hard_set" → "sampling" → "dev_check" → "done". */
  stage: "hard_set" | "sampling" | "dev_check" | "done";
  /** Hard tasks (null until the estimate is done). */
  hardSet: number | null;
  /** Tasks the hard set was estimated on. */
  candidates: number;
  /** Hard tasks × k (null until the hard set is known). */
  samplesExpected: number | null;
  /** Records in the round's samples.jsonl. */
  samplesWritten: number;
  kept: number;
  verdicts: Partial<Record<RoundSampleVerdict, number>>;
  dropped: Partial<Record<RoundDropReason, number>>;
  /** The model of this round. */
  model: RoundModel;
  /** The hard-set estimate's evaluation id, and whether it was reused from an earlier one. */
  hardSetEvaluation: { id: string; isReused: boolean } | null;
  /** The dev check: pass@1 with and without the trace (null when skipped or not done). */
  devCheck: { evaluationId: string; passAt1: { trace: number | null; noTrace: number | null } } | null;
  plan: { estimateMs: number; isUpperBound: boolean } | null;
  /** Wall time spent on the round so far (all sessions), in ms. */
  actualMs: number;
  startedAt: string | null;
  endedAt: string | null;
}

/** A run as `round status NAME --json` prints it. */
export interface RoundRunStatus {
  name: string;
  /** running: a process is working on it now; paused: stopped (cancelled, killed) with work left; done; failed. */
  state: "running" | "paused" | "done" | "failed";
  settings: RoundSettings;
  baseModel: RoundModel;
  currentModel: RoundModel;
  /** Rounds the run should have (the last `--rounds`). */
  targetRounds: number;
  rounds: RoundStatus[];
  /**
   * The training tasks picked: how many there were, the shuffle seed, the ids used, and the training tasks left
   * out because they are a prompt exemplar up to names and layout (with why).
   */
  tasks: { candidates: number; selected: string[]; shuffleSeed: number | null; leftOut?: Array<{ taskId: string; reason: string }> };
  /** The failure of a failed run: {code, message}. */
  error: { code: string; message: string } | null;
  createdAt: string;
  sizeBytes: number;
}

/** What `verifyRoundRun` found: kept samples re-run against their receipts. */
export interface RoundVerifyReport {
  name: string;
  checked: number;
  /** Samples whose verdict differs from the recorded one, or whose inputs no longer match their receipt. */
  changed: Array<{ round: number; taskId: string; sampleIndex: number; recorded: RoundSampleVerdict; now: RoundSampleVerdict | null; reason: string }>;
}

export interface RoundsApi {
  /**
   * Creates the run `name`, or resumes it when it exists with the same settings, and runs rounds until
   * `rounds` are done, as a job ("rounds.run", progress = samples recorded; it queues behind other jobs that
   * use the model). Throws `invalid_input` naming the field, `settings_mismatch` naming the setting that
   * differs from the stored run, `trainer_required` when `rounds` > 1 needs training and no trainer is
   * configured, `no_tasks` when no training task is left, `run_busy` when another process runs it.
   */
  runRounds(args: RoundRunArgs): Promise<{ jobId: string }>;
  /** Resumes a stored run with its own settings (same job and errors as runRounds). Throws `unknown_run`. */
  resumeRounds(args: { name: string }): Promise<{ jobId: string }>;
  /** Stops the run's job after the sample in flight; the run is left paused and resumable. */
  pauseRounds(args: { name: string }): Promise<RoundRunStatus>;
  /** A run's state and per-round counts. Throws `unknown_run`. */
  getRoundRun(args: { name: string }): Promise<RoundRunStatus>;
  /** Every stored run. */
  listRoundRuns(args?: Record<string, never>): Promise<RoundRunStatus[]>;
  /** A page of a run's sample records, in file order. Defaults: every round, offset 0, limit 200. */
  listRoundSamples(args: { name: string; round?: number; kept?: boolean; taskId?: string; verdict?: RoundSampleVerdict; offset?: number; limit?: number }): Promise<{ total: number; samples: RoundSampleRecord[] }>;
  /** Sets the model the run's next round uses (after training, or by hand). Throws `unknown_run`, `invalid_input`. */
  setRoundModel(args: { name: string; model: RoundModel }): Promise<RoundRunStatus>;
  /** Re-runs the kept samples (of `round`, default all) against their receipts as a job ("rounds.verify"); the result is a RoundVerifyReport. */
  verifyRoundRun(args: { name: string; round?: number }): Promise<{ jobId: string }>;
  /**
   * The planner's estimate for a new run's first round (hard set not known yet: an upper bound), as a job
   * ("rounds.plan", queued behind other model jobs) whose result is a RoundPlan; it loads the model and
   * calibrates (at most 30 s) unless a calibration of the same configuration is under 24 h old. Same argument
   * errors as runRounds; nothing is stored but the calibration.
   */
  planRounds(args: RoundRunArgs): Promise<{ jobId: string }>;
  /** Deletes a run's folder (not while it runs: `run_busy`). */
  deleteRoundRun(args: { name: string }): Promise<{ isDeleted: boolean }>;
}

export const roundsMethods = {
  runRounds: true,
  resumeRounds: true,
  pauseRounds: true,
  getRoundRun: true,
  listRoundRuns: true,
  listRoundSamples: true,
  setRoundModel: true,
  verifyRoundRun: true,
  planRounds: true,
  deleteRoundRun: true,
} as const satisfies Record<keyof RoundsApi, true>;
