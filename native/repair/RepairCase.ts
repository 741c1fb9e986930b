import type { RepairTask } from "../api/taskTypes.js";
import type { ExecLimits, ExecRequest } from "../python/index.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { buildExecRequest } from "../tasks/index.js";

/** An io task shows at most this many of its cases in the prompt (HeFix+ tasks have up to ~1000). */
export const MAX_SHOWN_IO_CASES = 5;

/**
 * One buggy program to repair, whatever it came from (a stored task or a program with its tests): what the
 * prompt shows and how a fix is run against the tests.
 */
export interface RepairCase {
  taskId: string | null;
  /** For the exemplar-overlap check and records; null for an ad-hoc program. */
  task: RepairTask | null;
  program: string;
  entryPoint: string | undefined;
  description: string;
  /** The tests as the prompt shows them. */
  shownTests: string;
  /** The sandbox request that runs `code` against the tests (the tests' own limits, then `limits`). */
  execRequest(code: string, limits?: Partial<ExecLimits>): ExecRequest;
}

/** A stored repair task; a problem (no buggy program) is refused naming the task. */
export function repairCaseFromTask(task: RepairTask): RepairCase {
  if (task.kind !== "repair" || !task.buggyProgram) throw new InvalidInputError(`Task "${task.id}" has no buggy program to repair (it is a ${task.kind}).`, { field: "task", id: task.id });
  const { tests } = task;
  const shownTests = tests.kind === "asserts" ? [tests.setup.trim(), ...tests.asserts].filter(Boolean).join("\n")
    : tests.kind === "check" ? tests.source
    : buildExecRequest({ task: { ...task, tests: { ...tests, cases: tests.cases.slice(0, MAX_SHOWN_IO_CASES) } }, program: "" }).tests.split("\n").filter((line) => line.startsWith("assert ")).join("\n");
  return {
    taskId: task.id, task, program: task.buggyProgram, entryPoint: task.entryPoint, description: task.description, shownTests,
    execRequest: (code, limits) => buildExecRequest({ task, program: code, limits }),
  };
}

/** A program and its tests (MBPP asserts or a `check(candidate)` harness), as `exec` takes them. */
export function repairCaseFromProgram(options: { program: string; tests: string; entryPoint?: string; description?: string }): RepairCase {
  const { program, tests, entryPoint, description = "" } = options;
  if (typeof program !== "string" || program.trim() === "") throw new InvalidInputError('Field "program" must be a non-empty program.', { field: "program" });
  if (typeof tests !== "string" || tests.trim() === "") throw new InvalidInputError('Field "tests" must hold the tests (asserts or a check(candidate) harness).', { field: "tests" });
  if (entryPoint !== undefined && !/^[A-Za-z_]\w*$/.test(entryPoint)) throw new InvalidInputError(`Field "entryPoint" must be a Python name, got ${JSON.stringify(entryPoint)}.`, { field: "entryPoint" });
  return {
    taskId: null, task: null, program, entryPoint, description, shownTests: tests.trim(),
    execRequest: (code, limits) => ({ program: code, tests, ...(entryPoint ? { entryPoint } : {}), ...(limits ? { limits } : {}) }),
  };
}
