/**
 * The repair-task schema (documented in docs/tasks.md). A task is NExT's unit of work: a description, a
 * buggy program, its tests and the entry point; optionally a reference solution, a bug type and a split.
 * MBPP problems are stored as tasks of kind "problem" (no buggy program): they are the Mbpp-R builder's input.
 */

/** The six HumanEvalFix bug classes (Muennighoff et al. 2023), which our demo set also covers. */
export const bugTypes = ["missing logic", "excess logic", "operator misuse", "variable misuse", "value misuse", "function misuse"] as const;
export type BugType = (typeof bugTypes)[number];

/** "prompt" holds MBPP's few-shot problems (ids 1-10); no round ever trains or evaluates on them. */
export type TaskSplit = "train" | "dev" | "test" | "prompt";

export type TaskFormat = "hefix-plus" | "humanevalfix" | "mbpp" | "jsonl" | "pair" | "demo" | "mbpp-r";

/**
 * How a task is tested.
 * - `asserts`: top-level `assert` statements (MBPP, own tasks); `setup` runs after the program, before them.
 * - `check`: a `def check(candidate)` source (HumanEvalFix's original tests), called with the entry point.
 * - `io`: input lists with expected outputs computed once at import from the canonical solution (HeFix+);
 *   each case is `args` (a Python literal of the argument list) and `expected` (the output's repr). Floats
 *   compare with `atol` as EvalPlus does; `comparator: "poly_root"` is HumanEval/32's root check. An output
 *   whose repr is over 64 KiB or holds an int over 4000 digits (HumanEval/15, 83, 100, 130, 139: up to 12 MB
 *   each) is stored as `expectedSha256` (sha256 of its repr) with a short preview in `expected`.
 */
export type TaskTests =
  | { kind: "asserts"; setup: string; asserts: string[] }
  | { kind: "check"; source: string }
  | { kind: "io"; atol: number; comparator: "equal" | "poly_root"; cases: IoCase[] };

export interface IoCase {
  args: string;
  expected: string;
  expectedSha256?: string;
}

export interface TaskProvenance {
  format: TaskFormat;
  /** Base name of the file it came from (never an absolute path: sets are shareable). */
  file: string;
  /** Id in the source, e.g. "Python/12" or "mbpp/511". */
  sourceId: string;
  /** SPDX-like licence of the source data, e.g. "MIT", "CC-BY-4.0". */
  licence: string;
  /** sha256 of the source record's raw text: a re-import of an unchanged record skips all work on it. */
  sourceHash?: string;
  /** For derived tasks (Mbpp-R): the model and settings that produced the buggy program. */
  derivedFrom?: Record<string, unknown>;
}

export interface RepairTask {
  /** `${setId}/${sourceId}`, stable across re-imports. */
  id: string;
  setId: string;
  kind: "repair" | "problem";
  description: string;
  /** The signature and docstring as the benchmark presents them (HumanEval's prompt), when there is one. */
  prompt: string | null;
  /** A complete module defining `entryPoint`; null for problems. */
  buggyProgram: string | null;
  /** A complete module that passes every test; null when unknown. */
  reference: string | null;
  entryPoint: string;
  tests: TaskTests;
  bugType: BugType | null;
  split: TaskSplit;
  provenance: TaskProvenance;
  /** sha256 of the canonical JSON of every field above except id, setId, split and provenance. */
  contentHash: string;
  importedAt: string;
}

export type TaskVerdict = "pass" | "fail" | "error" | "timeout" | "memory" | "syntax" | "missing_entry_point" | "violation" | "output_limit";

/** Why a task is left out of rounds and evaluations by default. */
export type InvalidReason = "reference_fails" | "buggy_passes" | "no_tests" | "runtime_error";

export interface TaskValidation {
  taskId: string;
  contentHash: string;
  status: "valid" | "invalid";
  reason: InvalidReason | null;
  /** Human-readable detail, e.g. the reference's first failing test. */
  detail: string | null;
  referenceVerdict: TaskVerdict | null;
  buggyVerdict: TaskVerdict | null;
  /** Indexes (into the task's tests) the buggy program fails; capped at 50. */
  failingTests: number[];
  failingCount: number;
  testCount: number;
  /** First failing test's source and error, for the task view and the prompt. */
  firstFailure: { index: number; source: string; error: string | null } | null;
  validatedAt: string;
}

/** A task with its latest validation (null until validated). */
export interface TaskView extends RepairTask {
  validation: TaskValidation | null;
}

/** One row of the task list: no code, no tests. */
export interface TaskSummary {
  id: string;
  setId: string;
  kind: RepairTask["kind"];
  sourceId: string;
  entryPoint: string;
  description: string;
  bugType: BugType | null;
  split: TaskSplit;
  testCount: number;
  status: "valid" | "invalid" | "pending";
  reason: InvalidReason | null;
}

export interface TaskSetInfo {
  id: string;
  name: string;
  format: TaskFormat;
  licence: string;
  files: string[];
  /** Seed of the frozen split assignment for sets without an official split; recorded once. */
  splitSeed: number;
  createdAt: string;
  updatedAt: string;
  count: number;
  bySplit: Record<TaskSplit, number>;
  byStatus: { valid: number; invalid: number; pending: number };
  /**
   * In `listTaskSets` answers: the lines of this set's store files that were skipped when it was read (not JSON,
   * not a record, torn; `tracetune tasks repair SET` moves them aside), or one entry saying why the set cannot be
   * read at all (a line over the size limit, a newer schema version; line 0 when no line applies). Empty when the
   * set reads cleanly.
   */
  warnings?: StoreProblem[];
}

/**
 * A line of a set's own store (`tasks.jsonl`, `validation.jsonl`) that was skipped when the set was read: not
 * JSON, JSON that is not a record of that file, or a torn last line. The rest of the set is served.
 */
export interface StoreProblem {
  setId: string;
  /** Full path of the store file. */
  file: string;
  /** 1-based line. */
  line: number;
  reason: string;
}

/** What `repairTaskSet` did: bad lines moved aside, verbatim, to `<file>.rejected-<date>`. */
export interface TaskStoreRepair {
  setId: string;
  /** The lines moved aside (their line numbers are those before the rewrite). */
  rejected: StoreProblem[];
  /** The files they were appended to; empty when nothing was wrong. */
  rejectedFiles: string[];
  /** Problems found when the set was read again after the rewrite (none expected). */
  problemsLeft: StoreProblem[];
}

/** A line that could not be imported; the rest of its file still was. */
export interface ImportProblem {
  file: string;
  /** 1-based line (or array index + 1 for JSON arrays); null when the whole file is at fault (e.g. it is empty). */
  line: number | null;
  reason: string;
}

/** Import problems with the same reason. */
export interface ImportProblemGroup {
  reason: string;
  count: number;
  /** The first few places it happened (at most 5), in file order. */
  first: ImportProblem[];
}

export interface ImportReport {
  setId: string;
  files: string[];
  /**
   * Records read from the files: every non-blank line (JSONL) or array element (JSON), malformed ones
   * included, so `seen` = added + updated + unchanged + problems with a line (HeFix+: plus its HumanEvalPack records).
   */
  seen: number;
  added: number;
  /** Already present with the same content hash (re-import is idempotent). */
  unchanged: number;
  /** Same id, new content: the new version replaces the old one. */
  updated: number;
  problems: ImportProblem[];
  /**
   * `problems` grouped by reason, largest group first, so a file of the wrong format reads as one line with a
   * count instead of the same error 800 times. JSON parse errors group as one reason, "not valid JSON".
   */
  problemGroups: ImportProblemGroup[];
  /** Tasks that failed validation: kept, marked, and left out of rounds by default. */
  invalid: Array<{ taskId: string; reason: InvalidReason; detail: string | null }>;
  validated: number;
}

/** A pair of tasks whose normalised code is identical or too similar across a train / evaluation boundary. */
export interface ContaminationPair {
  trainTaskId: string;
  evalTaskId: string;
  /** 1 for an exact match of normalised code. */
  similarity: number;
  kind: "exact" | "near";
  /** Which programs matched, e.g. "buggyProgram~reference". */
  fields: string;
}

export interface ContaminationReport {
  trainSetIds: string[];
  evalSetIds: string[];
  threshold: number;
  comparedPairs: number;
  pairs: ContaminationPair[];
  /** Training task ids involved in any pair: rounds refuse these unless overridden. */
  contaminatedTaskIds: string[];
  checkedAt: string;
}
