import { createHash } from "node:crypto";
import type { RepairTask } from "../api/taskTypes.js";
import { canonicalJson } from "./common/canonicalJson.js";

export type TaskContent = Pick<RepairTask, "kind" | "description" | "prompt" | "buggyProgram" | "reference" | "entryPoint" | "tests" | "bugType">;

/**
 * sha256 of the canonical JSON of what makes a task the task: description, code, tests, entry point, bug
 * type. Not the id, set, split or provenance, so the same task imported from a moved file hashes the same.
 */
export function hashTaskContent(task: TaskContent): string {
  const { kind, description, prompt, buggyProgram, reference, entryPoint, tests, bugType } = task;
  return createHash("sha256").update(canonicalJson({ kind, description, prompt, buggyProgram, reference, entryPoint, tests, bugType })).digest("hex");
}
