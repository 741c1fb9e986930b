/**
 * The structured execution trace of one call, as the tracer produces it (issue: Python runtime) and the
 * trace renderer consumes it (issue: NExT trace rendering). Plain JSON.
 */
export type TraceEvent = "line" | "call" | "return" | "exception";

export interface TraceStep {
  /** 0-based execution order over the whole trace. */
  step: number;
  /** 1-based line in the traced program's source. */
  line: number;
  event: TraceEvent;
  /** Name of the function this step runs in ("<module>" for top level). */
  frame: string;
  /** Id distinguishing frames of the same function (recursion); stable within one trace. */
  frameId: number;
  /** Call depth of the user's code, 0 for the first traced frame. */
  depth: number;
  /** Local variables whose repr changed since this frame's previous step, name → capped repr. */
  changed: Record<string, string>;
  /** On "return": repr of the returned value. */
  returned?: string;
  /** On "exception": the exception raised at this step. */
  exception?: TraceException;
  /** Text written to stdout since the previous step, when any. */
  stdout?: string;
  /**
   * What this step's line did: the variables of this frame whose repr changed by the frame's next step, name →
   * capped repr (for a "call" step, by the first line of the body; `changed` holds the arguments). This is the
   * state after the line ran, which a reader expects on the line (Python Tutor); `changed` is the same change
   * seen from the next step. Absent when unknown: the frame took no later step (the call ended or the trace
   * was cut there), or the per-line cap hid lines in between (docs/trace-format.md).
   */
  effectOfLine?: Record<string, string>;
}

export interface TraceException {
  type: string;
  message: string;
  line: number | null;
}

export type TraceStopReason = "timeout" | "memory" | "recursion" | "step_cap" | "trace_size" | "output_limit";

export interface Trace {
  /** The expression that was traced, e.g. "f(3)". */
  call: string;
  steps: TraceStep[];
  /** repr of the call's result when it returned normally. */
  returned?: string;
  /** The exception the call ended with, when it raised. */
  exception?: TraceException;
  stdout: string;
  /** True when a cap or a limit cut the trace; `reason` says which. The steps up to the cut are kept. */
  truncated: boolean;
  reason?: TraceStopReason;
  /**
   * Extra facts, when any: "program_failed" (the program raised before the call; `exception` says how),
   * "violation" (traced code tried to reach the host or the tracer's sys.monitoring tool), "tracer_tampered"
   * (the tracer's events were found switched off: the steps may be incomplete).
   */
  flags?: string[];
  elapsedMs: number;
}
