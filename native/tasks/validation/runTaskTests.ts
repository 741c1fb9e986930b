import { randomBytes } from "node:crypto";
import type { RepairTask, TaskVerdict } from "../../api/taskTypes.js";
import type { ExecLimits, ExecResult } from "../../python/index.js";
import { buildExecRequest, ioHarness, testSource } from "./buildExecRequest.js";
import type { PythonRunner } from "./PythonRunner.js";

/** What a program did on a task's tests, for any test kind. */
export interface TaskTestOutcome {
  verdict: TaskVerdict;
  /** Indexes of the failing tests, ascending. */
  failing: number[];
  /** The first failing test's source and error (or the run's error when no single test is to blame). */
  firstFailure: { index: number; source: string; error: string | null } | null;
  elapsedMs: number;
}

const MAX_ERRORS_REPORTED = 5;

/**
 * Runs `program` against a task's tests in the sandbox. Assert and check tests run as the runtime's own
 * per-statement tests. io tests (HeFix+, ~1000 cases) run as one loop in Python that catches each case's
 * exception and prints the failing indexes after a per-run nonce, then asserts none failed: measured 12-28x
 * faster than one assert statement per case (tests/bench/taskImport.bench.ts), with the same per-case
 * answer. The nonce is made after the program is compiled, so the program cannot fake the report.
 * A case whose call raises makes the verdict "error"; otherwise a wrong output makes it "fail", as the
 * runtime classifies assert tests.
 */
export async function runTaskTests(options: { runtime: PythonRunner; task: Pick<RepairTask, "tests" | "entryPoint">; program: string; limits?: Partial<ExecLimits>; signal?: AbortSignal }): Promise<TaskTestOutcome> {
  const { runtime, task, program, limits, signal } = options;
  const request = buildExecRequest({ task, program, limits });
  if (task.tests.kind !== "io") {
    const result = await runtime.exec(request, { signal });
    return { verdict: result.verdict, failing: result.tests.filter((t) => !t.passed).map((t) => t.index), firstFailure: firstFailure(task, result), elapsedMs: result.elapsedMs };
  }
  const nonce = randomBytes(12).toString("hex");
  const { tests } = task;
  const call = (args: string) => `${task.entryPoint}(*${args})`;
  const check = tests.comparator === "poly_root"
    ? (args: string, expected: string) => `lambda: _tt_root(poly, ${args}, ${call(args)}, ${expected}, ${tests.atol || 1e-6})`
    : (args: string, expected: string, sha?: string) => (sha ? `lambda: _tt_hash(${call(args)}) == "${sha}"` : `lambda: _tt_same(${call(args)}, ${expected}, ${tests.atol})`);
  const loop = `${ioHarness}
def _tt_run_cases():
    import json as _json
    _checks = [
${tests.cases.map((c) => `        ${check(c.args, c.expected, c.expectedSha256)},`).join("\n")}
    ]
    _failed, _errors = [], []
    for _i, _check in enumerate(_checks):
        try:
            _ok = _check()
        except Exception as _exc:
            _ok = False
            if len(_errors) < ${MAX_ERRORS_REPORTED}:
                _errors.append([_i, type(_exc).__name__, str(_exc)[:300]])
        if not _ok:
            _failed.append(_i)
    print("\\n${nonce}" + _json.dumps({"failed": _failed, "errors": _errors}))
    return _failed
assert not _tt_run_cases()
`;
  const result = await runtime.exec({ ...request, tests: loop }, { signal });
  const marker = result.stdout.lastIndexOf(nonce);
  if (marker < 0) {
    // Timeout, memory or a sandbox verdict before the loop finished: no per-case report.
    return { verdict: result.verdict, failing: [], firstFailure: result.error ? { index: -1, source: "", error: `${result.error.type}: ${result.error.message}` } : null, elapsedMs: result.elapsedMs };
  }
  const report = JSON.parse(result.stdout.slice(marker + nonce.length).split("\n")[0]) as { failed: number[]; errors: Array<[number, string, string]> };
  if (report.failed.length === 0) return { verdict: result.verdict, failing: [], firstFailure: null, elapsedMs: result.elapsedMs };
  const first = report.failed[0];
  const error = report.errors.find(([index]) => index === first);
  return {
    verdict: error ? "error" : "fail",
    failing: report.failed,
    firstFailure: { index: first, source: testSource(task, first), error: error ? `${error[1]}: ${error[2]}` : `expected ${tests.cases[first].expected}` },
    elapsedMs: result.elapsedMs,
  };
}

function firstFailure(task: Pick<RepairTask, "tests" | "entryPoint">, result: ExecResult): TaskTestOutcome["firstFailure"] {
  const failed = result.tests.find((test) => !test.passed);
  if (!failed) return result.error ? { index: -1, source: "", error: `${result.error.type}: ${result.error.message}` } : null;
  const parts = [failed.error ? (failed.error.message ? `${failed.error.type}: ${failed.error.message}` : failed.error.type) : "", failed.actual !== undefined ? `actual: ${failed.actual}` : ""].filter(Boolean);
  return { index: failed.index, source: failed.source ?? testSource(task, failed.index), error: parts.length > 0 ? parts.join("; ") : null };
}
