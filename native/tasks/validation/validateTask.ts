import type { RepairTask, TaskValidation, TaskVerdict } from "../../api/taskTypes.js";
import { testCount } from "./buildExecRequest.js";
import type { PythonRunner } from "./PythonRunner.js";
import { runTaskTests, type TaskTestOutcome } from "./runTaskTests.js";

const MAX_FAILING_KEPT = 50;

/**
 * Checks a task in the sandbox: the reference (when present) passes every test, the buggy program fails at
 * least one. A task that breaks this is marked invalid with the reason (kept, but left out of rounds and
 * evaluations by default). Records the buggy verdict and which tests it fails.
 */
export async function validateTask(options: { runtime: PythonRunner; task: RepairTask; signal?: AbortSignal }): Promise<TaskValidation> {
  const { runtime, task, signal } = options;
  const count = testCount(task.tests);
  const base = { taskId: task.id, contentHash: task.contentHash, testCount: count, validatedAt: new Date().toISOString() };
  let referenceVerdict: TaskVerdict | null = null;
  let buggyLimits: { timeoutMs: number } | undefined;
  if (count === 0) return { ...base, status: "invalid", reason: "no_tests", detail: "the task has no tests", referenceVerdict, buggyVerdict: null, failingTests: [], failingCount: 0, firstFailure: null };
  try {
    if (task.reference) {
      const outcome = await runTaskTests({ runtime, task, program: task.reference, signal });
      referenceVerdict = outcome.verdict;
      buggyLimits = { timeoutMs: buggyTimeoutMs(outcome.elapsedMs) };
      if (outcome.verdict !== "pass") {
        return { ...base, status: "invalid", reason: "reference_fails", detail: describeFailure(outcome), referenceVerdict, buggyVerdict: null, failingTests: [], failingCount: 0, firstFailure: outcome.firstFailure };
      }
    }
    if (!task.buggyProgram) {
      return { ...base, status: "valid", reason: null, detail: null, referenceVerdict, buggyVerdict: null, failingTests: [], failingCount: 0, firstFailure: null };
    }
    const outcome = await runTaskTests({ runtime, task, program: task.buggyProgram, limits: buggyLimits, signal });
    if (outcome.verdict === "pass") {
      return { ...base, status: "invalid", reason: "buggy_passes", detail: "the buggy program passes every test", referenceVerdict, buggyVerdict: "pass", failingTests: [], failingCount: 0, firstFailure: null };
    }
    return {
      ...base, status: "valid", reason: null, detail: null, referenceVerdict, buggyVerdict: outcome.verdict,
      failingTests: outcome.failing.slice(0, MAX_FAILING_KEPT), failingCount: outcome.failing.length, firstFailure: outcome.firstFailure,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ...base, status: "invalid", reason: "runtime_error", detail: (error as Error).message, referenceVerdict, buggyVerdict: null, failingTests: [], failingCount: 0, firstFailure: null };
  }
}

/**
 * The buggy program's time limit, from the reference's measured time as EvalPlus derives its limits from the
 * ground truth: 4x plus 2 s, between 5 s and 120 s. Infinite-loop bugs (HumanEval/10, 156, 160) would
 * otherwise hold a worker for the whole io limit.
 */
export function buggyTimeoutMs(referenceMs: number): number {
  return Math.round(Math.min(120_000, Math.max(5_000, 4 * referenceMs + 2_000)));
}

function describeFailure(outcome: TaskTestOutcome): string {
  const failure = outcome.firstFailure;
  const where = failure && failure.index >= 0 ? ` at test ${failure.index + 1}` : "";
  return `reference verdict "${outcome.verdict}"${where}${failure?.error ? `: ${failure.error}` : ""}`.slice(0, 2000);
}
