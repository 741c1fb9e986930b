import type { ExecRequest } from "../python/common/execTypes.js";
import type {
  BugType,
  ContaminationReport,
  TaskFormat,
  TaskSetInfo,
  StoreProblem,
  TaskSplit,
  TaskStoreRepair,
  TaskSummary,
  TaskTests,
  TaskView,
} from "./taskTypes.js";

export * from "./taskTypes.js";

/**
 * One own task as written in our JSONL format (docs/tasks.md) or in the Tasks page's editor. `tests` is a list
 * of `assert` statements, or a full TaskTests object.
 */
export interface OwnTaskInput {
  /** Unique within its set; letters, digits, `_ - . /`. */
  id: string;
  description: string;
  buggyProgram: string;
  tests: string[] | TaskTests;
  /** Default: the first top-level `def` of buggyProgram. */
  entryPoint?: string;
  reference?: string | null;
  bugType?: BugType | null;
  /** Default: assigned once from the set's recorded split seed (80 / 10 / 10 train / dev / test). */
  split?: TaskSplit;
}

export type ImportableFormat = Exclude<TaskFormat, "demo" | "mbpp-r">;

/**
 * Something that uses a task set (or some of its tasks): a run or an evaluation, as the feature that keeps it
 * describes it (registered with `registerTaskSetUser` in native/tasks/setUsers.ts). Deleting what it uses
 * needs `force`; its receipts keep the tasks' content hashes, so it stays readable afterwards.
 */
export interface TaskSetUse {
  /** Which feature: "round", "evaluation", … */
  kind: string;
  /** Its id in that feature (a run id, an evaluation id). */
  id: string;
  /** One line to list it by, e.g. "Run qwen-fix, round 2 (running)". */
  title: string;
  /** The set's tasks it uses, when it names them; absent: the set as a whole. */
  taskIds?: string[];
}

/** What `deleteTaskSet` / `deleteTask` removed. */
export interface TaskDeletion {
  setId: string;
  /** The deleted task, for `deleteTask`; null when the whole set was deleted. */
  taskId: string | null;
  /** Tasks removed from the store. */
  deletedTasks: number;
  /** The uses that were overridden with `force` (empty when nothing used it). */
  usedBy: TaskSetUse[];
}

export interface TasksApi {
  /** Every task set in the data dir with counts per split and validation status. */
  listTaskSets(args?: Record<string, never>): Promise<TaskSetInfo[]>;
  /**
   * Task rows, filtered; `query` matches id, entry point and description (case-insensitive).
   * Defaults: every set, offset 0, limit 200. `warnings`: lines of the listed sets' store files that were
   * skipped (not JSON, not a task, torn), by file and line; the rest is served (`repairTaskSet` moves them
   * aside). Throws `unknown_task_set`.
   */
  listTasks(args: {
    setId?: string;
    split?: TaskSplit;
    status?: "valid" | "invalid" | "pending";
    bugType?: BugType;
    query?: string;
    offset?: number;
    limit?: number;
  }): Promise<{ total: number; tasks: TaskSummary[]; warnings: StoreProblem[] }>;
  /**
   * Moves the lines of a set's `tasks.jsonl` and `validation.jsonl` that cannot be read (the `warnings` of
   * `listTasks`) aside to `<file>.rejected-<date>`, verbatim, and rewrites each file atomically with the good
   * lines. Does nothing to a set without bad lines. Throws `unknown_task_set`.
   */
  repairTaskSet(args: { setId: string }): Promise<TaskStoreRepair>;
  /**
   * The runs and evaluations that use a set, or one task of it (`taskId`): what a delete would need `force`
   * for. Throws `unknown_task_set`.
   */
  listTaskSetUsers(args: { setId: string; taskId?: string }): Promise<TaskSetUse[]>;
  /**
   * Deletes a task set: its folder (tasks, validations, store files) and its index entry. When a run or an
   * evaluation uses it, throws `task_set_in_use` listing them in `details.usedBy`, unless `force` (default
   * false). Throws `unknown_task_set`.
   */
  deleteTaskSet(args: { setId: string; force?: boolean }): Promise<TaskDeletion>;
  /**
   * Deletes one task and its validations from its set (the set's files are rewritten atomically without its
   * lines); the set stays, even when it becomes empty. `force` as for `deleteTaskSet`. Throws `unknown_task`.
   */
  deleteTask(args: { id: string; force?: boolean }): Promise<TaskDeletion>;
  /**
   * The sandbox request that runs `program` (default: the task's buggy program, else its reference) against a
   * task's tests, as validation and the repair step build it (io cases become asserts with EvalPlus's float
   * rule), so the Debugger runs and traces a task exactly as the verdicts do. Throws `unknown_task`.
   */
  taskExecRequest(args: { id: string; program?: string }): Promise<ExecRequest>;
  /** One task with its latest validation. Throws `unknown_task`. */
  getTask(args: { id: string }): Promise<TaskView>;
  /**
   * Imports files as a job whose result is an ImportReport. Formats: `hefix-plus` (humanevalpack-python.jsonl
   * and HumanEvalPlus.jsonl.gz, both), `humanevalfix` (humanevalpack-python.jsonl), `mbpp` (mbpp.jsonl or
   * sanitized-mbpp.json), `jsonl` (our schema), `pair` (a program file and a tests file). A malformed line is
   * reported with its line number while the rest imports; re-import is idempotent. Default set id: derived
   * from the format (`jsonl`/`pair`: the first file's base name). Default `validate`: true.
   * Throws `invalid_input` for an unknown format or a missing file.
   */
  importTasks(args: { format: ImportableFormat; files: string[]; setId?: string; validate?: boolean; entryPoint?: string }): Promise<{ jobId: string }>;
  /** Imports the demo task set shipped in resources/demo-tasks (set id "demo") as a job. */
  importDemoTasks(args?: { validate?: boolean }): Promise<{ jobId: string }>;
  /** Re-validates a set in the sandbox as a job (result: counts and the invalid tasks). Default `onlyPending`: false. */
  validateTasks(args: { setId: string; onlyPending?: boolean }): Promise<{ jobId: string }>;
  /** Creates or edits an own task (set "own" by default) and validates it. Throws `invalid_input` naming the field. */
  saveTask(args: { task: OwnTaskInput; setId?: string }): Promise<TaskView>;
  /**
   * Exact and near-duplicate detection between training and evaluation tasks, as a job whose result is a
   * ContaminationReport (also kept as the latest report). Defaults: train = every task in split "train",
   * eval = every task in "dev" / "test", threshold = the `nearDuplicateThreshold` setting (0.9).
   */
  checkContamination(args?: { threshold?: number }): Promise<{ jobId: string }>;
  /** The latest contamination report, or null when none was run. */
  getContaminationReport(args?: Record<string, never>): Promise<ContaminationReport | null>;
  /**
   * Builds Mbpp-R (our reconstruction, docs/tasks.md): samples k solutions per MBPP problem with a local GGUF
   * model, verifies them and keeps distinct failing ones as repair tasks in set `mbpp-r`. Resumable: problems
   * already sampled with the same settings are skipped. Defaults: problemSetId "mbpp", splits train + dev,
   * k 8, temperature 0.8, maxTokens 384, perProblemCap 4, seed 1.
   */
  buildMbppR(args: MbppRBuildSettings): Promise<{ jobId: string }>;
}

/** What an Mbpp-R build samples with; recorded with every task it keeps. */
export interface MbppRBuildSettings {
  modelPath: string;
  /** Default: "mbpp". */
  problemSetId?: string;
  /** Default: ["train", "dev"]. "test" and "prompt" are refused. */
  splits?: TaskSplit[];
  /** Default: 8. */
  k?: number;
  /** Default: 0.8 (the NExT paper's sampling temperature). */
  temperature?: number;
  /** Default: 384. */
  maxTokens?: number;
  /** Default: 4. */
  perProblemCap?: number;
  /** Default: 1. Problem p's samples use seed + 1000·p, so runs are reproducible. */
  seed?: number;
  /** Stop after this many problems (for trials). Default: all. */
  limit?: number;
}

export const tasksMethods = {
  listTaskSets: true,
  listTasks: true,
  repairTaskSet: true,
  listTaskSetUsers: true,
  deleteTaskSet: true,
  deleteTask: true,
  getTask: true,
  taskExecRequest: true,
  importTasks: true,
  importDemoTasks: true,
  validateTasks: true,
  saveTask: true,
  checkContamination: true,
  getContaminationReport: true,
  buildMbppR: true,
} as const satisfies Record<keyof TasksApi, true>;
