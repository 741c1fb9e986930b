import { bugTypes, type BugType } from "../../api/taskTypes.js";
import { RecordProblem, requireObject, requireString, type TaskDraft } from "./TaskDraft.js";

/** HumanEvalPack's fields as we use them (README of ../shared/datasets, section 1). */
export interface HumanEvalPackRecord {
  taskId: string;
  number: number;
  prompt: string;
  declaration: string;
  canonicalSolution: string;
  buggySolution: string;
  bugType: BugType;
  entryPoint: string;
  docstring: string;
  /** The `def check(...)` harness without its trailing `check(entry_point)` call. */
  checkSource: string;
}

export function readHumanEvalPackRecord(value: unknown): HumanEvalPackRecord {
  const record = requireObject(value);
  const taskId = requireString(record, "task_id");
  const match = /^Python\/(\d+)$/.exec(taskId);
  if (!match) throw new RecordProblem(`field "task_id" must look like "Python/N", got ${JSON.stringify(taskId)}`);
  const bugType = requireString(record, "bug_type") as BugType;
  if (!bugTypes.includes(bugType)) throw new RecordProblem(`field "bug_type" is ${JSON.stringify(bugType)}, not one of ${bugTypes.join(", ")}`);
  const entryPoint = requireString(record, "entry_point");
  const test = requireString(record, "test");
  // The harness ends with `check(entry_point)`; the runtime calls check itself, so the call is dropped.
  const checkSource = test.replace(new RegExp(`\\n\\s*check\\(\\s*${entryPoint}\\s*\\)\\s*$`), "\n").trim() + "\n";
  if (!/def check\(/.test(checkSource)) throw new RecordProblem('field "test" has no "def check(" harness');
  return {
    taskId, number: Number(match[1]), prompt: requireString(record, "prompt"), declaration: requireString(record, "declaration"),
    canonicalSolution: requireString(record, "canonical_solution"), buggySolution: requireString(record, "buggy_solution"),
    bugType, entryPoint, docstring: typeof record.docstring === "string" ? record.docstring : "", checkSource,
  };
}

/** HumanEvalFix as released: `declaration + buggy_solution` to fix, its original `check` tests. */
export function parseHumanEvalFix(value: unknown): TaskDraft {
  const record = readHumanEvalPackRecord(value);
  return {
    kind: "repair",
    description: describe(record),
    prompt: record.prompt,
    buggyProgram: record.declaration + record.buggySolution,
    reference: record.declaration + record.canonicalSolution,
    entryPoint: record.entryPoint,
    tests: { kind: "check", source: record.checkSource },
    bugType: record.bugType,
    split: "test",
    provenance: { format: "humanevalfix", file: "", sourceId: record.taskId, licence: "MIT" },
  };
}

export function describe(record: HumanEvalPackRecord): string {
  const text = record.docstring.trim() || record.prompt;
  return text.replace(/\n[ \t]+/g, "\n").trim();
}
