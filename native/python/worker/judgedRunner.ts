// The JavaScript half of the judge (judge.py): builds it once per worker, holds its closures (no Python object
// refers to them), drives each run through it and decides the verdict from its facts, not from what the
// runner's Python reports. The runner namespace is reachable by programs, so its report gives only details
// (error text, output); the verdict, which tests passed, violations and fake passes are the judge's.

/** A Python callable as Pyodide hands it to JS (a PyProxy); results of Python type stay proxies. */
type PyCallable = ((...args: unknown[]) => unknown) & { destroy?: () => void };
interface PyProxyLike { get(key: unknown): unknown; toJs(options?: { depth?: number }): unknown; destroy(): void; delete?(key: string): void }
interface RunnerNamespace { get(name: string): unknown; delete(name: string): void }

export interface JudgedRun {
  /** The result JSON for the core (RunnerExecResult or a trace). */
  result: string;
  /** The worker must not serve another run: its runner or world was changed beyond repair. */
  discard: boolean;
}

interface RunnerResult {
  verdict?: string;
  tests?: Array<{ passed: boolean }>;
  flags?: string[];
  violation?: string;
  error?: unknown;
  [key: string]: unknown;
}

// Kept in step with sandboxGuard.py (BLOCKED_MODULES, VIOLATION_EVENTS): passed to make_judge, which captures them.
export function createJudgedRunner(pyodide: { runPython(code: string): unknown }, runner: RunnerNamespace) {
  const makeJudge = runner.get("make_judge") as PyCallable;
  // The runner namespace forgets the factory before it is called: the judge's fingerprint of the namespace
  // is taken without it, and no program finds it there.
  runner.delete("make_judge");
  const judge = makeJudge(runner, runner.get("BLOCKED_MODULES"), runner.get("VIOLATION_EVENTS"), runner.get("WRITE_FLAGS"),
    runner.get("OutputLimitExceeded"), runner.get("SandboxViolation")) as PyProxyLike;
  const begin = judge.get("begin") as PyCallable;
  const end = judge.get("end") as PyCallable;
  const runExec = judge.get("run_prepared") as PyCallable;
  const testsCache = judge.get("tests_cache") as PyProxyLike;
  const handle = runner.get("handle") as (request: string) => string;
  const prepareExec = runner.get("prepare_exec") as PyCallable;
  const describeExec = runner.get("describe_exec") as (prepared: unknown, outcome: unknown) => string;
  judge.destroy();
  makeJudge.destroy?.();

  type Judged = { result: string; judged?: { verdict: string | null; passed: string } };
  function runJudgedExec(request: string): Judged {
    const prepared = prepareExec(request, testsCache);
    if (typeof prepared === "string") return { result: prepared };
    const preparedProxy = prepared as PyProxyLike;
    const outcome = runExec(preparedProxy) as PyProxyLike;
    try {
      const verdict = outcome.get(0) as string | null | undefined;
      const passed = outcome.get(3) as string;
      const result = describeExec(preparedProxy, outcome);
      return { result, judged: { verdict: verdict ?? null, passed } };
    } finally {
      outcome.destroy();
      preparedProxy.destroy();
    }
  }

  return function runJob(request: string): JudgedRun {
    const op = (JSON.parse(request) as { op: string }).op;
    const before = (begin() as PyProxyLike);
    const [violationsBefore, fakesBefore] = before.toJs() as [number, number];
    before.destroy();
    let run: Judged | undefined;
    let facts: PyProxyLike;
    try {
      run = op === "exec" || op === "run" ? runJudgedExec(request) : { result: handle(request) };
    } finally {
      facts = end() as PyProxyLike;
    }
    const [violationsAfter, reasons, fakesAfter, , trustworthy] = facts.toJs({ depth: 2 }) as [number, string[], number, string[], boolean];
    facts.destroy();
    const violated = violationsAfter > violationsBefore;
    const faked = fakesAfter > fakesBefore;
    const judged = run.judged;
    // A trace (or a run that ended before program code) with nothing to flag goes back as the runner wrote it:
    // parsing and re-encoding a trace of thousands of steps only to copy it cost ~10 % of tracing a loop.
    if (judged === undefined && !violated && trustworthy) return { result: run.result, discard: false };
    const parsed = JSON.parse(run.result) as RunnerResult;
    if (judged === undefined) {
      // A trace, or a run that ended before any program code (syntax, bad tests).
      if (parsed.steps !== undefined && (violated || !trustworthy)) parsed.flags = [...new Set([...(parsed.flags ?? []), "violation"])];
      return { result: JSON.stringify(parsed), discard: !trustworthy };
    }
    const flags = new Set(parsed.flags ?? []);
    // The judge's verdict and per-test facts replace whatever the runner's report says.
    let verdict: string = judged.verdict ?? "pass";
    const tests = parsed.tests ?? [];
    if (tests.length !== judged.passed.length) parsed.tests = [...judged.passed].map((bit, index) => ({ index, passed: bit === "1" }));
    else tests.forEach((test, index) => { test.passed = judged.passed[index] === "1"; });
    if (faked) {
      flags.add("fake_pass");
      if (verdict === "pass") verdict = "fail";
    }
    if (flags.has("output_truncated") && verdict !== "violation") verdict = "output_limit";
    if ((violated || !trustworthy) && verdict !== "timeout") {
      verdict = "violation";
      parsed.violation = reasons[0] ?? "changing the runner or the interpreter's state";
      parsed.error ??= { type: "SandboxViolation", message: parsed.violation, line: null };
    }
    parsed.verdict = verdict;
    parsed.flags = [...flags];
    return { result: JSON.stringify(parsed), discard: !trustworthy };
  };
}
