import type { RepairVerdict } from "../api/repairApi.js";
import type { ExecLimits, ExecResult, PythonErrorInfo, TestResult } from "../python/index.js";
import type { ExecRequest } from "../python/index.js";
import type { ParsedCompletion } from "./parseCompletion.js";
import type { RepairCase } from "./RepairCase.js";

/** The part of the Python runtime verify needs (context.python's runtime satisfies it). */
export interface FixRunner {
  exec(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult>;
}

export interface FixVerdict {
  verdict: RepairVerdict;
  /** Why it is `unparsable` (the parser's reason, or "truncated" for a cut-off program that does not compile). */
  reason?: string;
  tests: TestResult[];
  error?: PythonErrorInfo;
  testSeed: number | null;
  /** The limits the run was given (the case's defaults, then the caller's). */
  limits: Partial<ExecLimits>;
  elapsedMs: number;
}

/**
 * Runs a parsed fix against the case's tests in the sandbox: the verdict is the sandbox's, never ours. An
 * unparsable completion is `unparsable` without running anything. A program the parser marked `cutOff` (the
 * token budget ran out inside it) that does not compile is `unparsable`/`truncated`, not a wrong fix:
 * it is an extraction failure, reported apart (docs/prompt.md, "Parser").
 */
export async function verifyFix(options: {
  runner: FixRunner;
  repairCase: RepairCase;
  parsed: ParsedCompletion;
  limits?: Partial<ExecLimits>;
  signal?: AbortSignal;
}): Promise<FixVerdict> {
  const { runner, repairCase, parsed, signal } = options;
  const request = repairCase.execRequest(parsed.ok ? parsed.code : "", options.limits);
  const limits = request.limits ?? {};
  if (!parsed.ok) return { verdict: "unparsable", reason: parsed.reason, tests: [], testSeed: null, limits, elapsedMs: 0 };
  const started = performance.now();
  const result = await runner.exec(request, { signal });
  const elapsedMs = performance.now() - started;
  const base = { tests: result.tests, testSeed: result.testSeed ?? null, limits, elapsedMs, ...(result.error ? { error: result.error } : {}) };
  if (parsed.cutOff && result.verdict === "syntax") return { verdict: "unparsable", reason: "truncated", ...base };
  return { verdict: result.verdict, ...base };
}
