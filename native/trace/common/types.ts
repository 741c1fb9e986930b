/**
 * Types of the NExT trace renderer (issue 5). Every default below is our choice (the NExT paper does not
 * publish its truncation rules); docs/trace-format.md gives the reason for each.
 */

/** How the trace is shown: inline comments on executed lines (NExT), one line per step, or no trace. */
export type TraceStyle = "inline" | "scratchpad" | "none";

/** Counts the tokens of a text: the loaded model's tokenizer, else `estimateTokens`. */
export type CountTokens = (text: string) => number;

export interface TraceRenderSettings {
  /** States shown first on a line executed many times. Default 2. */
  firstStates: number;
  /** States shown last on such a line. Default 1. */
  lastStates: number;
  /** A value's repr is cut to this many characters (with "..."). Default 40. */
  reprCut: number;
  /** Token budget of the whole rendering (program text and trace). Default 512. */
  budget: number;
}

/** One executed occurrence of a source line and what it did, in execution order. */
export interface LineState {
  /** 0-based position in execution order among all states; shown as "(n)". */
  order: number;
  /** The 1-based source line the state belongs to (the def line for a call's arguments). */
  line: number;
  /** The trace step (`TraceStep.step`, as `tracetune trace` prints it) that started this state. */
  step: number;
  /** "call": a frame was entered (arguments); "line": a line ran (its effects). */
  kind: "call" | "line";
  frame: string;
  frameId: number;
  depth: number;
  /** Variables whose repr changed by running this line (or the arguments, on "call"), in the tracer's order. */
  changes: Array<[name: string, repr: string]>;
  /** The frame returned on this line with this repr. */
  returned?: string;
  /** A generator yielded this repr on this line. */
  yielded?: string;
  /** The exception raised (or passed through) on this line, as `Type('message')`. */
  exception?: string;
  /** On the last state of a trace cut by a limit: the reason ("timeout", "step_cap", ...). */
  stopped?: string;
  /** Text printed while this line ran. */
  stdout?: string;
  /** The state where the failure shows: never dropped by loop compression or the budget. */
  isFailureState: boolean;
}

/** What a rendering used and whether it fits. */
export interface TraceRendering {
  style: TraceStyle;
  text: string;
  /** Tokens of `text`, counted with `tokenizer`. */
  tokens: number;
  budget: number;
  fitsBudget: boolean;
  /** Which tokenizer counted: "model" (the loaded model's), "estimate", or a named real tokenizer. */
  tokenizer: string;
  /** The degrade level that was needed: 0 = the settings as given; see docs/trace-format.md. */
  degradeLevel: number;
  /** The settings the final text was rendered with, after degrading. */
  used: { firstStates: number; lastStates: number; reprCut: number; linesWithoutStates: number };
  /** Whether the failure-revealing state (the exception, or the call's returned value) is in `text`. */
  keepsFailureState: boolean;
  /** Number of execution states in the trace, and how many the text shows. */
  statesTotal: number;
  statesShown: number;
}
