import type { TaskDraft } from "./TaskDraft.js";
import { RecordProblem, requireObject, requireString, requireStringList } from "./TaskDraft.js";
import { mbppSplit } from "../common/assignSplit.js";
import { findMbppEntryPoint } from "../common/findEntryPoint.js";

/**
 * An MBPP problem (full `mbpp.jsonl` or `sanitized-mbpp.json`) as a task of kind "problem": description,
 * reference, asserts, the official split. The full set's `text` is the sanitized set's `prompt`; the full
 * set's `test_setup_code` and the sanitized set's `test_imports` both become the tests' setup. CRLF and
 * tabs in `code` are kept byte for byte (Python accepts them; re-indenting mixed tabs would break code).
 */
export function parseMbpp(value: unknown, options: { variant: "full" | "sanitized" }): TaskDraft {
  const record = requireObject(value);
  const taskId = record.task_id;
  if (typeof taskId !== "number" || !Number.isInteger(taskId) || taskId < 1) throw new RecordProblem('field "task_id" must be a positive integer');
  const description = requireString(record, options.variant === "full" ? "text" : "prompt");
  const code = requireString(record, "code");
  const asserts = requireStringList(record, "test_list");
  if (asserts.length === 0) throw new RecordProblem('field "test_list" is empty');
  const setup = options.variant === "full"
    ? (typeof record.test_setup_code === "string" ? record.test_setup_code : "")
    : (Array.isArray(record.test_imports) ? (record.test_imports as unknown[]).filter((line) => typeof line === "string").join("\n") : "");
  const entryPoint = findMbppEntryPoint(code, asserts);
  if (!entryPoint) throw new RecordProblem("no function defined in \"code\" is called by the asserts in \"test_list\"");
  return {
    kind: "problem",
    description: description.trim(),
    prompt: null,
    buggyProgram: null,
    reference: code,
    entryPoint,
    tests: { kind: "asserts", setup, asserts },
    bugType: null,
    split: mbppSplit(taskId),
    provenance: { format: "mbpp", file: "", sourceId: String(taskId), licence: "CC-BY-4.0" },
  };
}
