import type { EvaluationSampleRecord } from "../api/evaluationApi.js";
import type { RepairTask } from "../api/taskTypes.js";
import { TracetuneError } from "../common/TracetuneError.js";
import { parseCompletion } from "../repair/parseCompletion.js";
import { runTaskTests, type PythonRunner } from "../tasks/index.js";

export type VerifiedFields = Pick<EvaluationSampleRecord, "verdict" | "reason" | "code" | "rationale" | "failing" | "elapsedMs">;

/**
 * Verifies one sample of a samples file in the sandbox: a `completion` (raw model text) is parsed exactly as
 * the app parses its own completions (native/repair/parseCompletion.ts), a `solution` is run as the whole
 * program. A completion with no program is "unparsable" with the parser's reason; a program the budget cut off
 * (`finish_reason: "length"`) that does not compile is "unparsable"/"truncated", as the repair step counts it.
 */
export async function verifyFileSample(options: {
  runner: PythonRunner;
  task: Pick<RepairTask, "tests" | "entryPoint">;
  sample: { completion: string } | { solution: string };
  /** The line's finish reason, when it gave one ("length" and "maxTokens" mean the budget ran out). */
  finishReason?: string;
  signal?: AbortSignal;
}): Promise<VerifiedFields> {
  const { runner, task, sample, finishReason, signal } = options;
  let code: string;
  let rationale: string | null = null;
  let isCutOff = false;
  if ("completion" in sample) {
    const parsed = parseCompletion(sample.completion, { entryPoint: task.entryPoint, finishReason: finishReason === "length" ? "maxTokens" : finishReason });
    if (!parsed.ok) return { verdict: "unparsable", reason: parsed.reason, code: null, rationale: parsed.rationale, failing: [], elapsedMs: 0 };
    code = parsed.code;
    rationale = parsed.rationale;
    isCutOff = parsed.cutOff === true;
  } else {
    code = sample.solution;
    if (code.trim() === "") return { verdict: "unparsable", reason: "empty_code", code: null, rationale: null, failing: [], elapsedMs: 0 };
  }
  try {
    const outcome = await runTaskTests({ runtime: runner, task, program: code, signal });
    if (isCutOff && outcome.verdict === "syntax") return { verdict: "unparsable", reason: "truncated", code, rationale, failing: [], elapsedMs: outcome.elapsedMs };
    return { verdict: outcome.verdict, reason: outcome.firstFailure?.error?.split("\n")[0].slice(0, 300) ?? null, code, rationale, failing: outcome.failing.slice(0, 50), elapsedMs: outcome.elapsedMs };
  } catch (error) {
    // The runtime refuses a program it cannot run at all (e.g. one over its size limit): that sample errs, the rest go on.
    if (error instanceof TracetuneError && error.code === "invalid_input") return { verdict: "error", reason: error.message.slice(0, 300), code, rationale, failing: [], elapsedMs: 0 };
    throw error;
  }
}
