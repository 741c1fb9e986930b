import type { IoCase, TaskTests } from "../../api/taskTypes.js";
import { describe, type HumanEvalPackRecord } from "./parseHumanEvalPack.js";
import { RecordProblem, requireObject, requireString, type TaskDraft } from "./TaskDraft.js";

/** One HumanEval+ record (EvalPlus-native format) as we need it: inputs stay in their raw JSON line. */
export interface HumanEvalPlusRecord {
  taskId: string;
  number: number;
  entryPoint: string;
  prompt: string;
  canonicalSolution: string;
  atol: number;
  inputCount: number;
}

export function readHumanEvalPlusRecord(value: unknown): HumanEvalPlusRecord {
  const record = requireObject(value);
  const taskId = requireString(record, "task_id");
  const match = /^HumanEval\/(\d+)$/.exec(taskId);
  if (!match) throw new RecordProblem(`field "task_id" must look like "HumanEval/N", got ${JSON.stringify(taskId)}`);
  for (const field of ["base_input", "plus_input"]) if (!Array.isArray(record[field])) throw new RecordProblem(`field "${field}" must be a list of argument lists`);
  const atol = record.atol ?? 0;
  if (typeof atol !== "number" || !(atol >= 0)) throw new RecordProblem('field "atol" must be a number >= 0');
  return {
    taskId, number: Number(match[1]), entryPoint: requireString(record, "entry_point"), prompt: requireString(record, "prompt"),
    canonicalSolution: requireString(record, "canonical_solution"), atol,
    inputCount: (record.base_input as unknown[]).length + (record.plus_input as unknown[]).length,
  };
}

/**
 * HeFix+ as NExT built it: HumanEvalPack's `buggy_solution` (with its declaration, entry point and bug type)
 * tested with HumanEval+'s inputs. `cases` come from `computeExpectedOutputs` (run once at import).
 */
export function buildHeFixPlusDraft(options: { pack: HumanEvalPackRecord; plus: HumanEvalPlusRecord; cases: IoCase[] }): TaskDraft {
  const { pack, plus, cases } = options;
  if (pack.entryPoint !== plus.entryPoint) throw new RecordProblem(`entry point differs: HumanEvalPack says "${pack.entryPoint}", HumanEval+ says "${plus.entryPoint}"`);
  if (cases.length === 0) throw new RecordProblem("the canonical solution produced no expected output for any input");
  // HumanEval/32 (find_zero) has many right answers: EvalPlus checks that the returned x is a root.
  const tests: TaskTests = { kind: "io", atol: plus.atol, comparator: plus.entryPoint === "find_zero" ? "poly_root" : "equal", cases };
  return {
    kind: "repair",
    description: describe(pack),
    prompt: pack.prompt,
    buggyProgram: pack.declaration + pack.buggySolution,
    reference: plus.prompt + plus.canonicalSolution,
    entryPoint: pack.entryPoint,
    tests,
    bugType: pack.bugType,
    split: "test",
    provenance: { format: "hefix-plus", file: "", sourceId: `HumanEval/${pack.number}`, licence: "MIT AND Apache-2.0" },
  };
}
