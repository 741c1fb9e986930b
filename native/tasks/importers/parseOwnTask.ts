import { bugTypes, type BugType, type TaskSplit, type TaskTests } from "../../api/taskTypes.js";
import type { OwnTaskInput } from "../../api/tasksApi.js";
import { findFirstFunction } from "../common/findEntryPoint.js";
import { RecordProblem, requireObject, requireString, type TaskDraft } from "./TaskDraft.js";

const splits: TaskSplit[] = ["train", "dev", "test", "prompt"];

/** One record of our own JSONL schema (docs/tasks.md), or the Tasks page editor's input. */
export function parseOwnTask(value: unknown, options: { format?: "jsonl" | "demo" | "pair"; licence?: string } = {}): TaskDraft {
  const { format = "jsonl", licence = "user" } = options;
  const record = requireObject(value) as Record<string, unknown> & Partial<OwnTaskInput>;
  const id = requireString(record, "id");
  if (!/^[A-Za-z0-9_.\-/]{1,120}$/.test(id)) throw new RecordProblem('field "id" may hold only letters, digits and _ . - / (at most 120)');
  const buggyProgram = requireString(record, "buggyProgram");
  const entryPoint = record.entryPoint === undefined ? findFirstFunction(buggyProgram) : requireString(record, "entryPoint");
  if (!entryPoint) throw new RecordProblem('field "entryPoint" is missing and "buggyProgram" defines no function');
  if (record.reference !== undefined && record.reference !== null && typeof record.reference !== "string") throw new RecordProblem('field "reference" must be a string or null');
  if (record.bugType !== undefined && record.bugType !== null && !bugTypes.includes(record.bugType as BugType)) throw new RecordProblem(`field "bugType" must be one of ${bugTypes.join(", ")}`);
  if (record.split !== undefined && !splits.includes(record.split as TaskSplit)) throw new RecordProblem(`field "split" must be one of ${splits.join(", ")}`);
  return {
    kind: "repair",
    description: typeof record.description === "string" ? record.description.trim() : "",
    prompt: null,
    buggyProgram,
    reference: (record.reference as string | null | undefined) ?? null,
    entryPoint,
    tests: readTests(record.tests),
    bugType: (record.bugType as BugType | null | undefined) ?? null,
    split: (record.split as TaskSplit | undefined) ?? null,
    provenance: { format, file: "", sourceId: id, licence },
  };
}

function readTests(tests: unknown): TaskTests {
  if (Array.isArray(tests)) {
    if (tests.length === 0 || tests.some((item) => typeof item !== "string" || item.trim() === "")) throw new RecordProblem('field "tests" must be a non-empty list of assert statements');
    return { kind: "asserts", setup: "", asserts: tests as string[] };
  }
  const object = tests as Partial<TaskTests> | null | undefined;
  if (object && typeof object === "object") {
    if (object.kind === "asserts" && Array.isArray(object.asserts) && object.asserts.length > 0 && object.asserts.every((item) => typeof item === "string")) {
      return { kind: "asserts", setup: typeof object.setup === "string" ? object.setup : "", asserts: object.asserts };
    }
    if (object.kind === "check" && typeof object.source === "string" && /def check\(/.test(object.source)) return { kind: "check", source: object.source };
  }
  throw new RecordProblem('field "tests" must be a list of assert statements, {kind: "asserts", asserts}, or {kind: "check", source}');
}
