import type { Trace } from "../../python/common/traceTypes.js";
import type { PyValue } from "./pythonLiteral.js";

export type ClaimStatus = "confirmed" | "contradicted" | "unverifiable";

/** What a claim is about (docs/prompt.md, "Trace-checked rationales", lists the phrasings of each). */
export type ClaimKind = "value" | "always" | "return" | "exception" | "no_exception" | "loop_count" | "line_count";

/** One concrete claim a rationale makes about the buggy run, and how it fared against the trace. */
export interface ClaimCheck {
  /** The clause of the rationale that makes the claim, as written. */
  text: string;
  status: ClaimStatus;
  kind: ClaimKind;
  /** Why: what the trace shows ("`total` is 3 after iteration 2"), or why it could not be checked. */
  detail?: string;
}

export interface CheckClaimsOptions {
  /** The model's rationale (prose; fenced code in it is ignored). */
  rationale: string;
  /** The buggy program the trace ran; claims' line numbers are 1-based lines of this text. */
  program: string;
  /** The function under repair; the subject of "it returns …" when the traced call is a test harness. */
  entryPoint?: string;
  /** Trace of the first failing test's call (the one the prompt shows). */
  trace: Trace;
  /** Traces another call of the buggy program, e.g. "total([1, 2, 3])", for a claim that names one. */
  traceCall: (call: string) => Promise<Trace>;
  /** Calls traced per rationale at most; claims naming more are unverifiable. Default 4. */
  maxCalls?: number;
  /** The tracer's per-line cap the traces ran with (a line at it may have lost values). Default 1000. */
  maxStatesPerLine?: number;
  /**
   * Characters of the rationale read; the rest is ignored. Default 20 000 (a 4,096-token answer is about
   * 12 000 characters; a longer text comes from elsewhere, e.g. a completions file, and would only cost time).
   */
  maxRationaleChars?: number;
}

export interface CheckClaimsResult {
  claims: ClaimCheck[];
  /** confirmed / (confirmed + contradicted); null when no claim could be checked. */
  checkScore: number | null;
}

/** Which of nested loops a claim names: the outermost or the innermost that ran. */
export type LoopQualifier = "outer" | "inner";

/** When, in the run, a value claim says a variable holds its value. */
export type ClaimTime =
  | { kind: "any" }
  | { kind: "final" }
  | { kind: "initial" }
  | { kind: "max" }
  | { kind: "throughout" }
  /** "`i` is 0, 1 and 2": the variable takes these values in this order. */
  | { kind: "sequence"; values: PyValue[] }
  /** The clause gives several times and the claim's is unclear: only a value never taken is decided. */
  | { kind: "unplaced" }
  | { kind: "after_iteration"; n: number | "last"; loop?: LoopQualifier }
  | { kind: "in_iteration"; n: number | "last"; loop?: LoopQualifier }
  | { kind: "after_loop" }
  | { kind: "at_line"; line: number }
  | { kind: "while"; variable: string; value: PyValue };

/** Whose run a claim is about: the traced call, a named function in it, or a call the claim writes out. */
export type ClaimSubject = { kind: "traced" } | { kind: "function"; name: string } | { kind: "call"; call: string };

export type Comparison = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** A claim as extracted, before checking. */
export type Claim = { text: string } & (
  | { kind: "value"; subject: ClaimSubject; variable: string; value: PyValue; time: ClaimTime }
  | { kind: "always"; subject: ClaimSubject; variable: string; comparison: Comparison; value: PyValue }
  | { kind: "return"; subject: ClaimSubject; value: PyValue }
  | { kind: "exception"; subject: ClaimSubject; exceptionType: string | null; line: number | null }
  | { kind: "no_exception"; subject: ClaimSubject; exceptionType: string | null }
  | { kind: "loop_count"; subject: ClaimSubject; count: number | "forever"; loopVariable: string | null; loop?: LoopQualifier }
  | { kind: "line_count"; subject: ClaimSubject; line: number; count: number | "never" | "reached" }
  | { kind: "unverifiable"; claimKind: ClaimKind; reason: string }
);

export type TraceCall = (call: string) => Promise<Trace>;
