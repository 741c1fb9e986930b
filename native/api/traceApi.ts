import type { Trace } from "../python/common/traceTypes.js";
import type { TraceDiff } from "../trace/common/diffTraces.js";
import type { TraceRendering, TraceRenderSettings, TraceStyle } from "../trace/common/types.js";

export type { Trace, TraceStep, TraceEvent, TraceException } from "../python/common/traceTypes.js";
export type { DivergentState, TraceDiff } from "../trace/common/diffTraces.js";
export type { TraceRendering, TraceRenderSettings, TraceStyle } from "../trace/common/types.js";

/** One rendered trace, with the call it traced and how that call ended. */
export interface TraceRenderResult extends TraceRendering {
  call: string;
  /** "returned 3", "raised ValueError: ...", or "stopped (timeout)". */
  outcome: string;
  /** The failing test's statement the call came from, when the call was found from tests. */
  test: string | null;
  /**
   * With `failing`: what the test expected: the reference's outcome ("returned 5") when a reference was given,
   * else what the failing assert compares with, as written (`[1, 2]`, `not 0`, "a true value"). Null when
   * unknown (a `check` harness line that is not a plain comparison) and without `failing`.
   */
  expected: string | null;
  /** With `failing`: the value the failing assert compared (its repr), when the runner recovered it; else null (see `outcome`). */
  actual: string | null;
}

/** With `failing`: how the tests came out before anything was traced. */
export interface TraceRenderTests {
  /** The sandbox's verdict for the program against the tests ("pass": nothing to trace, `renderings` is empty). */
  verdict: string;
  /** Tests that passed, of `total` (a `check` harness counts as one test). */
  passed: number;
  total: number;
}

export interface TraceRenderArgs {
  /** The program's source (docstring and code). */
  program: string;
  /** Trace this call, e.g. "f(3)". Exactly one of `call`, `trace` and `failing` is required. */
  call?: string;
  /** Render this already-made trace of `program` (no Python runs). */
  trace?: Trace;
  /**
   * Find the call of the first failing test (or of every failing test with `all`) and trace it; passing tests
   * give no renderings, and the result's `tests` says how the tests came out. A `check` harness stops at its first failure, so `all` needs `reference` there.
   */
  failing?: {
    /** MBPP asserts or a HumanEval `def check(candidate)` harness. */
    tests: string;
    /** Default: detected (the program's last top-level def). */
    entryPoint?: string;
    /** A correct program: picks the call whose outcome differs from it. Default: none. */
    reference?: string;
    /** Default false: only the first failing test. */
    all?: boolean;
  };
  /** Code run before the program (MBPP's test_setup_code). Default: none. */
  setup?: string;
  /** Default "inline". */
  style?: TraceStyle;
  /** Overrides of the stored trace settings for this call (budget, states per line, repr cut). */
  settings?: Partial<TraceRenderSettings>;
}

export interface TraceApi {
  /**
   * Renders a program with its execution trace as NExT inline comments (or the scratchpad / no-trace
   * variants) within a token budget; see docs/trace-format.md. Tokens are counted with the documented
   * estimate (UTF-8 bytes / 2.5) unless a model tokenizer is in use. Throws `invalid_input`,
   * `invalid_trace_render_input` (a bad setting or trace, naming the field) and `no_failing_call`.
   */
  traceRender(args: TraceRenderArgs): Promise<{ renderings: TraceRenderResult[]; tests?: TraceRenderTests }>;
  /**
   * The differential trace: traces `call` on programs `a` and `b` (e.g. buggy and fixed) and reports the first
   * state where control flow or a value diverges. Throws `invalid_input` (e.g. a syntax error, naming a or b).
   */
  traceDiff(args: { a: string; b: string; call: string; setup?: string }): Promise<TraceDiff>;
  /** The stored render settings (defaults: first 2 + last 1 states per line, reprs cut at 40, budget 512). */
  getTraceSettings(args?: Record<string, never>): Promise<TraceRenderSettings>;
  /** Changes render settings; an unknown field or a bad value throws `invalid_trace_render_input` naming it. */
  updateTraceSettings(args: { patch: Partial<TraceRenderSettings> }): Promise<TraceRenderSettings>;
}

export const traceMethods = {
  traceRender: true,
  traceDiff: true,
  getTraceSettings: true,
  updateTraceSettings: true,
} as const satisfies Record<keyof TraceApi, true>;
