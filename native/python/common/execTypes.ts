/**
 * The plain-JSON shapes of the Python runtime's API (issue 4): what a run asks for and what it gets back.
 * Shared by the core process, the sandbox process and its interpreter workers.
 */

/** Per-run limits. Every field is a setting; defaults are in `defaultExecLimits`. */
export interface ExecLimits {
  /** Wall time of one run (program + tests, or the traced call). Default 5000 ms. */
  timeoutMs: number;
  /** Cap on the interpreter's WebAssembly memory; past it Python gets `MemoryError`. Default 256 MiB. */
  memoryMb: number;
  /** Cap on stdout + stderr kept from one run; past it the run ends with `output_limit`. Default 1 MiB. */
  maxOutputBytes: number;
  /** Python's recursion limit for user code. Default 1000 (CPython's default). */
  recursionLimit: number;
  /** After an interrupt is ignored for this long, the worker is terminated and replaced. Default 500 ms. */
  interruptGraceMs: number;
}

export const defaultExecLimits: ExecLimits = {
  timeoutMs: 5000,
  memoryMb: 256,
  maxOutputBytes: 1 << 20,
  recursionLimit: 1000,
  interruptGraceMs: 500,
};

/** Caps on one trace; when one hits, the partial trace so far is returned with `reason`. */
export interface TraceCaps {
  /** Steps kept before the trace stops with reason "step_cap". Default 10 000. */
  maxSteps: number;
  /** Length of each variable's repr; longer ones end in "…". Default 100 characters. */
  maxReprLength: number;
  /** Steps kept per source line; past it the line's later steps are counted but not stored. Default 1000. */
  maxStatesPerLine: number;
  /** Serialized size of the steps kept; past it the trace stops with "trace_size". Default 4 MiB. */
  maxTraceBytes: number;
}

export const defaultTraceCaps: TraceCaps = {
  maxSteps: 10_000,
  maxReprLength: 100,
  maxStatesPerLine: 1000,
  maxTraceBytes: 4 << 20,
};

export type Verdict = "pass" | "fail" | "error" | "timeout" | "memory" | "syntax" | "missing_entry_point" | "violation" | "output_limit";

/** All verdicts, in the order docs/python-sandbox.md explains them. */
export const verdicts: readonly Verdict[] = ["pass", "fail", "error", "timeout", "memory", "syntax", "missing_entry_point", "violation", "output_limit"];

export interface PythonErrorInfo {
  type: string;
  message: string;
  /** 1-based line in the program (or tests, for a failing test) where it was raised; null when unknown. */
  line: number | null;
}

export interface ExecRequest {
  program: string;
  tests: string;
  /** "asserts" (MBPP: one assert per line/statement) or "check" (HumanEval `def check(candidate)` harness) — default: detected */
  testKind?: "asserts" | "check";
  /** Function the tests call (`check(candidate)` gets it). Default: detected (the program's only, else last, top-level def). */
  entryPoint?: string;
  /** Code run before the program in the same namespace (e.g. MBPP's test_setup_code). */
  setup?: string;
  limits?: Partial<ExecLimits>;
  /** Seed of the tests' own `random` module (the program's is separate). Default: a hash of the tests and entry point. */
  testSeed?: number;
}

export interface TestResult {
  index: number;
  /** The test statement's source (assert kind); absent for a `check` harness. */
  source?: string;
  passed: boolean;
  error?: PythonErrorInfo;
  /** repr of the value compared in a failing `assert x == y`, when it could be recovered. */
  actual?: string;
}

export interface ExecResult {
  verdict: Verdict;
  tests: TestResult[];
  stdout: string;
  stderr: string;
  elapsedMs: number;
  /** Extra facts: "fake_pass" (a compared value overrides __eq__), "worker_replaced", "output_truncated". */
  flags: string[];
  error?: PythonErrorInfo;
  /** The seed the tests' `random` module had (exec runs). */
  testSeed?: number;
}

export interface RunRequest {
  program: string;
  setup?: string;
  limits?: Partial<ExecLimits>;
}

export interface TraceRequest {
  program: string;
  /** A Python expression calling the program's code, e.g. "f(3)". */
  call: string;
  setup?: string;
  caps?: Partial<TraceCaps>;
  limits?: Partial<ExecLimits>;
}
