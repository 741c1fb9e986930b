import { formatPyValue } from "./pythonLiteral.js";
import { nestedLoops, type ProgramShape } from "./readProgramShape.js";
import type { FrameRun, LoopRun, TraceFacts } from "./readTraceFacts.js";
import { matches, type Verdict } from "./judgeValueClaim.js";
import type { Claim } from "./types.js";

const unverifiable = (detail: string): Verdict => ({ status: "unverifiable", detail });

/** Python's built-in exception classes that claims name as a parent of the one raised. */
const parents: Record<string, string[]> = {
  IndexError: ["LookupError"], KeyError: ["LookupError"], ZeroDivisionError: ["ArithmeticError"], OverflowError: ["ArithmeticError"],
  RecursionError: ["RuntimeError"], UnboundLocalError: ["NameError"], NotImplementedError: ["RuntimeError"], ModuleNotFoundError: ["ImportError"],
};

function isKindOf(raised: string, claimed: string): boolean {
  return raised === claimed || claimed === "Exception" || claimed === "BaseException" || (parents[raised] ?? []).includes(claimed);
}

/** How the run under a claim ended: a returned repr, a raised exception, or unknown (cut). */
type Outcome = { kind: "returned"; repr: string } | { kind: "raised"; type: string } | { kind: "unknown"; why: string };

/**
 * Checks "returns V". For the traced call it is the call's own result; when the traced call is a test
 * harness (`check(f)`), the entry point's single call stands for "it". A named function other than the
 * traced one is confirmed by any of its calls returning V (a helper runs many times).
 */
export function judgeReturn(claim: Extract<Claim, { kind: "return" }>, facts: TraceFacts, entryPoint: string | undefined): Verdict {
  const shown = formatPyValue(claim.value);
  const top = facts.frames[0];
  const subjectName = claim.subject.kind === "function" ? claim.subject.name : claim.subject.kind === "traced" && entryPoint && top && top.name !== entryPoint ? entryPoint : null;
  if (subjectName === null || (top && top.name === subjectName)) {
    const verdict = judgeOutcome(outcomeOf(facts), shown, (repr) => matches(claim.value, repr));
    // In a recursion "it returns 1" may be said of an inner call: one that did return it leaves the claim open.
    const inner = facts.frames.slice(1).find((frame) => frame.name === top?.name && frame.returned !== undefined && matches(claim.value, frame.returned));
    if (verdict.status === "contradicted" && inner) return unverifiable(`the traced call does not return ${shown}, but an inner call of \`${inner.name}\` does`);
    return verdict;
  }
  const frames = facts.frames.filter((frame) => frame.name === subjectName);
  if (frames.length === 0) return unverifiable(`\`${subjectName}\` is not called in the traced run`);
  if (frames.length === 1) return judgeOutcome(frameOutcome(frames[0], facts), shown, (repr) => matches(claim.value, repr));
  const returned = frames.map((frame) => frame.returned).filter((repr): repr is string => repr !== undefined);
  if (returned.some((repr) => matches(claim.value, repr))) return { status: "confirmed", detail: `one of the ${frames.length} calls of \`${subjectName}\` returns ${shown}` };
  return unverifiable(`\`${subjectName}\` is called ${frames.length} times (returning ${[...new Set(returned)].join(", ") || "nothing"}); the claim does not say which call`);
}

function outcomeOf(facts: TraceFacts): Outcome {
  const trace = facts.trace;
  if (trace.returned !== undefined && !trace.truncated) return { kind: "returned", repr: trace.returned };
  if (trace.exception && !trace.truncated) return { kind: "raised", type: trace.exception.type };
  return { kind: "unknown", why: trace.reason ? `the trace stopped (${trace.reason})` : "the trace has no result" };
}

function frameOutcome(frame: FrameRun, facts: TraceFacts): Outcome {
  if (frame.returned !== undefined) return { kind: "returned", repr: frame.returned };
  const last = facts.trace.steps[frame.steps[frame.steps.length - 1]];
  if (last?.exception && !facts.trace.truncated) return { kind: "raised", type: last.exception.type };
  return { kind: "unknown", why: "the call did not finish in the trace" };
}

function judgeOutcome(outcome: Outcome, shown: string, isMatch: (repr: string) => boolean): Verdict {
  if (outcome.kind === "unknown") return unverifiable(outcome.why);
  if (outcome.kind === "raised") return { status: "contradicted", detail: `the call raises ${outcome.type} and returns nothing` };
  if (isMatch(outcome.repr)) return { status: "confirmed", detail: `the call returns ${outcome.repr}` };
  if (outcome.repr.includes("…")) return unverifiable(`the call returns ${outcome.repr} (cut)`);
  return { status: "contradicted", detail: `the call returns ${outcome.repr}, not ${shown}` };
}

/** Every exception raised in the run (caught ones too), with its line. */
function raisedIn(facts: TraceFacts): Array<{ type: string; line: number | null }> {
  const raised: Array<{ type: string; line: number | null }> = facts.trace.steps.filter((step) => step.exception).map((step) => ({ type: step.exception!.type, line: step.exception!.line ?? step.line }));
  if (facts.trace.exception) raised.push({ type: facts.trace.exception.type, line: facts.trace.exception.line });
  return raised;
}

/** Checks "raises E (at line N)". A test's own AssertionError is not the program's unless it asserts itself. */
export function judgeException(claim: Extract<Claim, { kind: "exception" }>, facts: TraceFacts, shape: ProgramShape): Verdict {
  const claimed = claim.exceptionType;
  if (claimed === "AssertionError" && !shape.hasAssert) return unverifiable("the AssertionError is the test's, not raised by the program");
  if (claim.line !== null && !shape.codeLines.has(claim.line)) return unverifiable(`line ${claim.line} is not a line of code of the program`);
  const raised = raisedIn(facts);
  const kind = claimed ?? "an exception";
  const fitting = raised.filter((item) => claimed === null || isKindOf(item.type, claimed));
  if (fitting.length === 0) {
    if (facts.trace.truncated) return unverifiable(`the trace stopped (${facts.trace.reason ?? "cut"}) before any ${kind}`);
    const what = raised.length > 0 ? `the run raises ${[...new Set(raised.map((item) => item.type))].join(", ")}` : `the run returns ${facts.trace.returned ?? "normally"} without an exception`;
    return { status: "contradicted", detail: `${what}, not ${kind}` };
  }
  if (claim.line === null) return { status: "confirmed", detail: `the run raises ${fitting[0].type}${fitting[0].line ? ` at line ${fitting[0].line}` : ""}` };
  if (fitting.some((item) => item.line === claim.line)) return { status: "confirmed", detail: `the run raises ${fitting[0].type} at line ${claim.line}` };
  return { status: "contradicted", detail: `${fitting[0].type} is raised at line ${fitting.map((item) => item.line).filter((line) => line !== null).join(", ")}, not line ${claim.line}` };
}

/** Checks "does not raise (E)". */
export function judgeNoException(claim: Extract<Claim, { kind: "no_exception" }>, facts: TraceFacts): Verdict {
  const raised = raisedIn(facts).filter((item) => claim.exceptionType === null || isKindOf(item.type, claim.exceptionType));
  if (raised.length > 0) return { status: "contradicted", detail: `the run raises ${raised[0].type}` };
  if (facts.trace.truncated) return unverifiable(`the trace stopped (${facts.trace.reason ?? "cut"})`);
  return { status: "confirmed", detail: `the run raises no ${claim.exceptionType ?? "exception"}` };
}

/**
 * Checks "the loop runs N times": the only loop that runs (or the only one over the named variable), in a
 * single run; iterations are the times its body was entered.
 */
export function judgeLoopCount(claim: Extract<Claim, { kind: "loop_count" }>, facts: TraceFacts, shape: ProgramShape): Verdict {
  let loops = shape.loops;
  if (claim.loopVariable) loops = loops.filter((loop) => loop.targets.includes(claim.loopVariable!));
  let ran = loops.filter((loop) => facts.loopRuns.some((run) => run.loop === loop));
  if (claim.loop) {
    ran = nestedLoops(ran, claim.loop);
    loops = ran;
  }
  const loop = ran.length === 1 ? ran[0] : loops.length === 1 ? loops[0] : null;
  if (!loop) return unverifiable(loops.length === 0 ? "no statement loop matches the claim" : `${ran.length || loops.length} loops could be meant`);
  const runs = facts.loopRuns.filter((run) => run.loop === loop);
  if (claim.count === "forever") return judgeForever(loop.header, runs, facts);
  if (runs.length === 0) {
    if (facts.trace.truncated) return unverifiable("the trace stopped before the loop");
    return claim.count === 0 ? { status: "confirmed", detail: `the loop at line ${loop.header} is never reached` } : { status: "contradicted", detail: `the loop at line ${loop.header} never runs` };
  }
  if (runs.length > 1) return unverifiable(`the loop at line ${loop.header} runs ${runs.length} separate times (${runs.map((run) => run.iterations.length).join(", ")} iterations)`);
  const count = runs[0].iterations.length;
  const isFinished = runs[0].exitStep !== null || !facts.trace.truncated;
  if (count === claim.count && isFinished) return { status: "confirmed", detail: `the loop at line ${loop.header} runs ${count} times` };
  if (!isFinished && count < claim.count) return unverifiable(`the trace stopped after ${count} iterations of the loop at line ${loop.header}`);
  return count === claim.count ? unverifiable(`the trace stopped during the loop (${count} iterations seen)`) : { status: "contradicted", detail: `the loop at line ${loop.header} runs ${count} times` };
}

/** "The loop never terminates": the trace ran into a limit while this loop was still running. */
function judgeForever(header: number, runs: LoopRun[], facts: TraceFacts): Verdict {
  const stopped = facts.trace.truncated && ["timeout", "step_cap", "trace_size"].includes(facts.trace.reason ?? "");
  if (stopped && runs.some((run) => run.exitStep === null)) return { status: "confirmed", detail: `the trace stopped (${facts.trace.reason}) inside the loop at line ${header}` };
  if (!facts.trace.truncated && runs.every((run) => run.exitStep !== null || facts.trace.exception)) return { status: "contradicted", detail: `the loop at line ${header} ends` };
  return unverifiable("the trace does not show whether the loop ends");
}

/** Checks "line N runs K times / is never reached / is reached". */
export function judgeLineCount(claim: Extract<Claim, { kind: "line_count" }>, facts: TraceFacts, shape: ProgramShape, maxStatesPerLine: number): Verdict {
  if (!shape.codeLines.has(claim.line)) return unverifiable(`line ${claim.line} is not a line of code of the program`);
  const count = facts.lineCounts.get(claim.line) ?? 0;
  const ran = `line ${claim.line} runs ${count} times`;
  if (claim.count === "reached") {
    if (count > 0) return { status: "confirmed", detail: ran };
    return facts.isComplete ? { status: "contradicted", detail: ran } : unverifiable(`${ran} in the partial trace`);
  }
  if (claim.count === "never") {
    if (count > 0) return { status: "contradicted", detail: ran };
    return facts.isComplete ? { status: "confirmed", detail: ran } : unverifiable(`${ran} in the partial trace`);
  }
  if (count >= maxStatesPerLine) return unverifiable(`line ${claim.line} reached the tracer's cap of ${maxStatesPerLine} states`);
  // A loop header runs once more than the loop iterates; "line 3 runs 3 times" may mean the iterations.
  if (shape.loops.some((loop) => loop.header === claim.line) && claim.count === count - 1) return unverifiable(`line ${claim.line} is a loop header that runs ${count} times for ${count - 1} iterations`);
  if (count === claim.count) return { status: "confirmed", detail: ran };
  return facts.isComplete ? { status: "contradicted", detail: ran } : unverifiable(`${ran} in the partial trace`);
}
