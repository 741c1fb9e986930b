import type { ExecRequest, ExecResult, RunRequest, TraceRequest } from "../python/common/execTypes.js";
import type { Trace } from "../python/common/traceTypes.js";

export type {
  ExecLimits, ExecRequest, ExecResult, PythonErrorInfo, RunRequest, TestResult, TraceCaps, TraceRequest, Verdict,
} from "../python/common/execTypes.js";
export type { Trace, TraceEvent, TraceException, TraceStep, TraceStopReason } from "../python/common/traceTypes.js";

/** The sandbox's state, for the settings page and diagnostics. */
export interface PythonStatus {
  /** False until the first Python call starts the pool (it starts lazily). */
  isStarted: boolean;
  /** Resident memory of the sandbox process (all interpreters); null before start. */
  rssBytes: number | null;
  serving: number;
  spares: number;
  /** Interpreters replaced so far (killed on timeout, crashed, or grown past the memory recycle line). */
  replaced: number;
}

/**
 * The bundled Python runtime (docs/python-sandbox.md): every program runs in a sandboxed Pyodide interpreter
 * pool, in a separate process with no access to the host. The pool starts on first use (a few seconds).
 */
export interface PythonApi {
  /**
   * Runs a program and its tests (MBPP `assert` lines or a HumanEval `check(candidate)` harness) and returns
   * the verdict: pass, fail, error, timeout, memory, syntax, missing_entry_point, violation or output_limit.
   * Throws `invalid_input` for an empty program or tests, tests with no assert, or a bad limit field.
   */
  pythonExec(args: ExecRequest): Promise<ExecResult>;
  /** Runs a program with no tests; verdict "pass" when it completes. Used to compute expected outputs. */
  pythonRun(args: RunRequest): Promise<ExecResult>;
  /**
   * Traces one call (e.g. "f(3)") line by line: changed variables, returns, exceptions, stdout per step. A cap
   * or a limit returns the partial trace with `truncated: true` and `reason`. Throws `invalid_input` when the
   * program has a syntax error or the call does not parse.
   */
  pythonTrace(args: TraceRequest): Promise<Trace>;
  /** Verifies many (program, tests) pairs as a job; its result (getJob) is the ExecResult list, in order. */
  pythonVerifyBatch(args: { requests: ExecRequest[]; title?: string }): Promise<{ jobId: string }>;
  /** Pool state and memory. Does not start the pool. */
  pythonStatus(args?: Record<string, never>): Promise<PythonStatus>;
}

export const pythonMethods = {
  pythonExec: true,
  pythonRun: true,
  pythonTrace: true,
  pythonVerifyBatch: true,
  pythonStatus: true,
} as const satisfies Record<keyof PythonApi, true>;
