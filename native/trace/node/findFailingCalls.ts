import type { ExecResult, Trace } from "../../python/index.js";
import { describeOutcome } from "../common/describeOutcome.js";
import { expectedOfTest } from "../common/expectedOfTest.js";
import { extractTestCalls } from "../common/extractTestCalls.js";
import { scanLogicalLines } from "../common/scanLogicalLines.js";
import { NoFailingCallError } from "./NoFailingCallError.js";
import type { TraceRunner } from "./TraceRunner.js";

export interface FailingCall {
  call: string;
  trace: Trace;
  /** Index of the failing test it came from (into the runtime's test results). */
  testIndex: number | null;
  /** The failing test's statement, when known. */
  test: string | null;
  /**
   * What the test expected: the reference's outcome ("returned 5") when there is a reference, else what the
   * failing assert compares with, as written (`[1, 2]`); null when neither is known.
   */
  expected: string | null;
  /** The value the failing assert compared (its repr), when the runner recovered it; else null. */
  actual: string | null;
}

/**
 * Finds the calls of the failing tests to trace: runs the tests, takes each failing test's statement (an MBPP
 * assert, or the line of a `check` harness the failure was raised on), and picks the call in it that shows
 * the failure: the first whose outcome differs from the reference's when there is a reference, else the first
 * that evaluates on its own. A failing test whose statement has no such call (a loop's variable as argument)
 * falls back to every call written in the tests, in order, and then to tracing the test itself
 * (`check(entry)`, or the failing assert wrapped in a function), with only the program's lines traced.
 */
export async function findFailingCalls(options: {
  runtime: TraceRunner;
  program: string;
  tests: string;
  /** Default: detected by the runtime (the program's only, else last, top-level def). */
  entryPoint?: string;
  /** "check" for a HumanEval `def check(candidate)` harness, "asserts" for MBPP asserts. Default: detected. */
  testKind?: "asserts" | "check";
  /** A correct program: a call is failing when the program's outcome differs from the reference's. */
  reference?: string;
  setup?: string;
  /** Default false: stop at the first failing test. A `check` harness reports only its first failure, so there
   * `isAll` needs `reference` to find the others. */
  isAll?: boolean;
  signal?: AbortSignal;
  /** Told the tests' result before any call is traced (how many passed), e.g. to say that all of them pass. */
  onTestsRun?: (result: ExecResult) => void;
}): Promise<FailingCall[]> {
  const { runtime, program, tests, setup, signal } = options;
  const testKind = options.testKind ?? (/^\s*def\s+check\s*\(/m.test(tests) ? "check" : "asserts");
  const entryPoint = options.entryPoint ?? lastTopLevelDef(program);
  if (!entryPoint) throw new NoFailingCallError("Cannot find the function under test: give entryPoint (the program defines no top-level function).", { field: "entryPoint" });
  const result: ExecResult = await runtime.exec({ program, tests, testKind, entryPoint, setup }, { signal });
  options.onTestsRun?.(result);
  const failing = result.tests.filter((test) => !test.passed);
  if (result.verdict === "pass" || (failing.length === 0 && result.verdict !== "fail" && result.verdict !== "error" && result.verdict !== "timeout")) return [];

  const referenceOutcomes = new Map<string, string>();
  const referenceDescriptions = new Map<string, string>();
  const outcomeOf = (trace: Trace) => trace.exception ? `raised ${trace.exception.type}` : trace.truncated ? `stopped ${trace.reason}` : `returned ${trace.returned}`;
  const isEvaluable = (trace: Trace) => !(trace.steps.length === 0 && trace.exception && trace.exception.type === "NameError");
  const differsFromReference = async (call: string, trace: Trace) => {
    if (!options.reference) return true;
    let expected = referenceOutcomes.get(call);
    if (expected === undefined) {
      const referenceTrace = await runtime.trace({ program: options.reference, call, setup }, { signal });
      expected = outcomeOf(referenceTrace);
      referenceOutcomes.set(call, expected);
      referenceDescriptions.set(call, describeOutcome(referenceTrace));
    }
    return expected !== outcomeOf(trace);
  };
  const pick = async (calls: string[]) => {
    for (const call of calls) {
      const trace = await runtime.trace({ program, call, setup }, { signal });
      if (isEvaluable(trace) && (await differsFromReference(call, trace))) return { call, trace };
    }
    return null;
  };

  // Last resort, for tests whose calls use the test's own variables (random inputs in a loop): trace the test
  // itself, defined in the setup; the tracer follows only the program's functions, called from it.
  const traceWholeTest = async (statement: string | null) => {
    let harness: string;
    let call: string;
    if (testKind === "check") {
      harness = tests.replace(/^check\s*\(.*\)\s*$/gm, "");
      call = `check(${entryPoint})`;
    } else {
      if (!statement) return null;
      harness = `def _tracetune_failing_test():\n${statement.split("\n").map((line) => `    ${line}`).join("\n")}\n`;
      call = "_tracetune_failing_test()";
    }
    const traced = await runtime.trace({ program, call, setup: [setup ?? "", harness].join("\n") }, { signal });
    // The model is shown the test itself as the entry, never our wrapper's name.
    const shown = testKind === "check" ? call : statement!;
    const trace = { ...traced, call: shown };
    return trace.exception || trace.truncated ? { call: shown, trace } : null;
  };

  const found: FailingCall[] = [];
  const testLines = tests.split("\n");
  const endOf = scanLogicalLines({ source: tests });
  for (const test of failing.length > 0 ? failing : [{ index: null, source: undefined, error: result.error } as const]) {
    const line = test.error?.line ?? null;
    const statement = test.source ?? (testKind === "check" && line !== null && line >= 1 && line <= testLines.length ? testLines.slice(line - 1, endOf[line]).join("\n") : null);
    const calls = statement ? extractTestCalls({ test: statement, calledName: calledNameOf(tests, testKind, entryPoint), entryPoint }) : [];
    const chosen = (await pick(calls))
      ?? (found.length === 0 ? await pick(extractTestCalls({ test: tests, calledName: calledNameOf(tests, testKind, entryPoint), entryPoint })) : null)
      ?? (found.length === 0 ? await traceWholeTest(statement) : null);
    if (chosen && !found.some((entry) => entry.call === chosen.call)) {
      const expected = referenceDescriptions.get(chosen.call) ?? (statement ? expectedOfTest({ statement, calledName: calledNameOf(tests, testKind, entryPoint) }) : null);
      found.push({ ...chosen, testIndex: test.index, test: statement, expected, actual: "actual" in test ? test.actual ?? null : null });
    }
    if (found.length > 0 && !options.isAll) break;
  }
  // A `check` harness stops at its first failing assert; with a reference, every other call written in the
  // tests is compared too, so `isAll` finds all failing calls.
  if (options.isAll && options.reference && testKind === "check") {
    for (const call of extractTestCalls({ test: tests, calledName: calledNameOf(tests, testKind, entryPoint), entryPoint })) {
      if (found.some((entry) => entry.call === call)) continue;
      const trace = await runtime.trace({ program, call, setup }, { signal });
      if (isEvaluable(trace) && (await differsFromReference(call, trace))) found.push({ call, trace, testIndex: null, test: null, expected: referenceDescriptions.get(call) ?? null, actual: null });
    }
  }
  if (found.length === 0) {
    throw new NoFailingCallError(`The tests fail (verdict "${result.verdict}"), but no call of ${entryPoint}(...) written in them shows the failure on its own.`, { verdict: result.verdict });
  }
  return found;
}

function calledNameOf(tests: string, testKind: "asserts" | "check", entryPoint: string): string {
  if (testKind !== "check") return entryPoint;
  return /^\s*def\s+check\s*\(\s*([A-Za-z_]\w*)/m.exec(tests)?.[1] ?? entryPoint;
}

function lastTopLevelDef(program: string): string | null {
  const names = [...program.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)/gm)].map((match) => match[1]);
  return names.length > 0 ? names[names.length - 1] : null;
}
