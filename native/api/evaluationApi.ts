import type { Verdict } from "../python/common/execTypes.js";
import type { EngineTarget } from "./enginesApi.js";
import type { BugType, TaskSplit } from "./taskTypes.js";

/**
 * Evaluation (issue 13, docs/evaluation.md): n repair samples per task, verified in the sandbox, scored with
 * the unbiased pass@k estimator. Each evaluation lives in `<dataDir>/evaluations/<id>/` as `config.json`,
 * append-only `samples.jsonl` and `summary.json`, so it resumes after a crash and is re-scored without
 * re-sampling.
 */

/** How the execution trace is shown in the prompt (docs/trace-format.md); "none" leaves it out. */
export type EvaluationTraceFormat = "next" | "scratchpad" | "none";

/** A sample's verdict: the sandbox's verdict on its fix, or "unparsable" when no program could be read from it. */
export type EvaluationVerdict = Verdict | "unparsable";

/** Where an evaluation's samples come from. */
export type EvaluationSource =
  /** An EvalPlus-style JSONL file of `{task_id, completion}` or `{task_id, solution}` lines. */
  | { kind: "samples"; file: string }
  /** A local GGUF model, with optional LoRA adapters, sampled through the repair step. */
  | { kind: "model"; path: string; loraAdapters?: string[] }
  /** A serving engine (OpenAI-compatible), sampled through the repair step. */
  | { kind: "engine"; engine: EngineTarget };

/**
 * What an evaluation is of, as rounds match it: an earlier evaluation is reused for a hard-set estimate only
 * when every field matches. Filled in by the caller that knows the hashes (rounds); stored as given.
 */
export interface EvaluationIdentity {
  modelHash: string | null;
  adapterHash: string | null;
  engine: string | null;
  templateId: string | null;
  traceFormat: EvaluationTraceFormat | null;
  temperature: number | null;
}

export interface EvaluateArgs {
  /** The task set. */
  setId: string;
  /** Splits to evaluate on. Default: every split except train and prompt (dev and test). */
  splits?: TaskSplit[];
  /** Exactly these tasks (store ids) instead of the splits (rounds' hard-set estimate). Default: by splits. */
  taskIds?: string[];
  source: EvaluationSource;
  /** Samples per task (model and engine). Default 8. Ignored for a samples file (n is what the file holds). */
  n?: number;
  /** The k of pass@k. Default [1, 5]. */
  ks?: number[];
  /** Sampling temperature. Default 0.8 (NExT). */
  temperature?: number;
  /** Trace formats evaluated side by side, each a condition of its own. Default ["next"]. */
  traceFormats?: EvaluationTraceFormat[];
  /** Base seed: sample i of a task is drawn with a seed derived from it, the task and i. Default 1. */
  seed?: number;
  /** Token budget of one completion. Default: the repair step's. */
  maxTokens?: number;
  /** Worked exemplars in the prompt (0–3). Default: the repair step's default (1). */
  fewShot?: number;
  /** GBNF grammar forced on every completion (tests). Default: none. */
  grammar?: string;
  /**
   * Proxy evaluation of rationales: the id of an earlier evaluation whose rationales are given as hints to
   * this one's model; each trace format is then run with and without the hints. Default: none.
   */
  rationalesFrom?: string;
  /** Evaluate tasks that did not validate too. Default false. */
  includeInvalid?: boolean;
  /** Stored for reuse checks (rounds). Default: null fields. */
  identity?: Partial<EvaluationIdentity>;
  /** The evaluation's id (folder name). Default: a hash of the settings, so the same call resumes. */
  id?: string;
}

/** One sample as stored in `samples.jsonl` (one JSON object a line, append-only). */
export interface EvaluationSampleRecord {
  /** The condition it belongs to (see EvaluationCondition.id). */
  condition: string;
  taskId: string;
  /** 0-based index among this task's samples in this condition. */
  sampleIndex: number;
  verdict: EvaluationVerdict;
  /** Why a sample is unparsable (the parser's reason), or the sandbox error's first line; else null. */
  reason: string | null;
  /** The model's raw text (null for `solution` lines). */
  completion: string | null;
  /** The program that was run; null when unparsable. */
  code: string | null;
  rationale: string | null;
  /** The rationale given as a hint (proxy evaluation), else null. */
  hint: string | null;
  /** Mean trace-check score of the rationale's claims, when one was computed. */
  checkScore: number | null;
  seed: number | null;
  tokens: number | null;
  /** 1-based line of the samples file it came from; null for sampled ones. */
  line: number | null;
  /** Indexes of the failing tests (capped at 50). */
  failing: number[];
  elapsedMs: number;
}

/** One arm of an evaluation: a trace format, with or without rationale hints. */
export interface EvaluationCondition {
  /** E.g. "next", "none", "next+hints", "samples". */
  id: string;
  traceFormat: EvaluationTraceFormat | null;
  /** The evaluation whose rationales were given as hints, or null. */
  hintsFrom: string | null;
}

export type VerdictCounts = Partial<Record<EvaluationVerdict, number>>;

export interface EvaluationTaskScore {
  /** The store id. */
  taskId: string;
  sourceId: string;
  bugType: BugType | null;
  /** Every sample, unparsable ones included. */
  n: number;
  /** Samples whose verdict is "pass". */
  c: number;
  verdicts: VerdictCounts;
  /** Mean trace-check score of this task's samples that carry one, else null. */
  checkScore: number | null;
}

/** A k some tasks could not be scored at (their n is below k); those tasks are left out of that k only. */
export interface RefusedK {
  k: number;
  taskIds: string[];
}

/** A line of a samples file that was not scored, with why. */
export interface SkippedSample {
  line: number;
  reason: string;
  /** The line's task_id when it had one. */
  taskId?: string;
}

export interface ConditionResult extends EvaluationCondition {
  /** pass@k averaged over tasks as fractions, keyed by k; null when no task has n >= k. */
  passAtK: Record<string, number | null>;
  tasks: EvaluationTaskScore[];
  /** Samples per verdict over all tasks ("unparsable" apart from wrong fixes). */
  verdicts: VerdictCounts;
  /** pass@k and task count per bug type (tasks without one under "unknown"). */
  byBugType: Record<string, { tasks: number; passAtK: Record<string, number | null> }>;
  /** Mean trace-check score over the samples that carry one; null when none does. */
  checkScore: { mean: number | null; samples: number };
  refusedK: RefusedK[];
}

export interface EvaluationConfig {
  id: string;
  setId: string;
  splits: TaskSplit[];
  taskIds: string[] | null;
  source: EvaluationSource & { sha256?: string };
  n: number | null;
  ks: number[];
  temperature: number | null;
  seed: number;
  maxTokens: number | null;
  fewShot: number | null;
  grammarHash: string | null;
  conditions: EvaluationCondition[];
  rationalesFrom: string | null;
  includeInvalid: boolean;
  identity: EvaluationIdentity;
  createdAt: string;
}

/**
 * An evaluation's summary (`summary.json`, the job's result, `tracetune eval --json`). The top-level scores
 * are those of the first condition; `conditions` holds every condition side by side.
 */
export interface EvaluationResult extends ConditionResult {
  evaluationId: string;
  config: EvaluationConfig;
  /** Tasks of the set (splits) with no sample at all: listed, not averaged. */
  missing: string[];
  /**
   * Tasks left out before sampling, with why: a model or engine evaluation leaves out tasks that match one of
   * the prompt's worked exemplars (issue 12), since the prompt would hold their answer.
   */
  leftOut: Array<{ taskId: string; reason: string }>;
  skipped: SkippedSample[];
  conditions: ConditionResult[];
  /** False while samples are still owed (a cancelled or crashed run; resume by evaluating again). */
  isComplete: boolean;
  scoredAt: string;
}

export interface EvaluationInfo {
  id: string;
  setId: string;
  source: EvaluationConfig["source"];
  conditions: string[];
  createdAt: string;
  passAtK: Record<string, number | null> | null;
  isComplete: boolean;
  samples: number;
  sizeBytes: number;
}

/** Two evaluations side by side: per-task paired pass@k difference with a bootstrap confidence interval. */
export interface EvaluationComparison {
  baseId: string;
  otherId: string;
  condition: { base: string; other: string };
  k: number;
  /** Tasks scored at k in both (the pairs). */
  pairedTasks: number;
  onlyInBase: string[];
  onlyInOther: string[];
  base: number | null;
  other: number | null;
  /** other - base over the paired tasks. */
  difference: number | null;
  /** Percentile bootstrap interval of the difference, resampling tasks with replacement. */
  interval: { low: number; high: number; confidence: number; resamples: number; seed: number } | null;
  perTask: Array<{ taskId: string; base: number; other: number }>;
}

export interface EvaluationApi {
  /**
   * Starts an evaluation as a job ("evaluation.run"; progress = samples verified); its result is the
   * EvaluationResult. The same arguments resume an earlier, unfinished evaluation (its id is a hash of
   * them). Throws `invalid_input` naming the field, `unknown_set`, `no_tasks` when no task matches.
   */
  evaluate(args: EvaluateArgs): Promise<{ jobId: string }>;
  /** Every stored evaluation, newest first. */
  listEvaluations(args?: Record<string, never>): Promise<EvaluationInfo[]>;
  /** A stored evaluation's summary. Throws `unknown_evaluation`. */
  getEvaluation(args: { id: string }): Promise<EvaluationResult>;
  /** Re-scores a stored evaluation from its samples (no sampling, no sandbox), e.g. with other ks; rewrites summary.json. */
  rescoreEvaluation(args: { id: string; ks?: number[] }): Promise<EvaluationResult>;
  /** A page of an evaluation's sample records. Defaults: offset 0, limit 200. */
  listEvaluationSamples(args: { id: string; condition?: string; taskId?: string; offset?: number; limit?: number }): Promise<{ total: number; samples: EvaluationSampleRecord[] }>;
  /**
   * Compares two evaluations (base vs other) on pass@k over the tasks both scored, with a seeded paired
   * bootstrap interval. Defaults: k = the smallest k both have, each one's first condition, 10 000
   * resamples, seed 1, confidence 0.95.
   */
  compareEvaluations(args: { baseId: string; otherId: string; k?: number; baseCondition?: string; otherCondition?: string; resamples?: number; seed?: number; confidence?: number }): Promise<EvaluationComparison>;
  /** Deletes an evaluation's folder. */
  deleteEvaluation(args: { id: string }): Promise<{ isDeleted: boolean }>;
}

export const evaluationMethods = {
  evaluate: true,
  listEvaluations: true,
  getEvaluation: true,
  rescoreEvaluation: true,
  listEvaluationSamples: true,
  compareEvaluations: true,
  deleteEvaluation: true,
} as const satisfies Record<keyof EvaluationApi, true>;
