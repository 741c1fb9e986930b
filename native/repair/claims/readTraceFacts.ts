import type { Trace, TraceStep } from "../../python/common/traceTypes.js";
import type { ProgramLoop, ProgramShape } from "./readProgramShape.js";

/** One variable's value from a step on, as the tracer recorded it (capped repr). */
export interface ValueChange {
  step: number;
  repr: string;
}

/** One run of a function (one frame), with the history of each of its variables. */
export interface FrameRun {
  frameId: number;
  name: string;
  depth: number;
  /** Indices into trace.steps of this frame's own steps, in order. */
  steps: number[];
  vars: Map<string, ValueChange[]>;
  /** repr of the value this frame returned, when it returned normally. */
  returned?: string;
}

/** One pass of a loop over its body: from the step after the header's arrival to the next arrival (or exit). */
export interface LoopIteration {
  /** Index (into trace.steps) of the header arrival that started it. */
  start: number;
  /** Index of the step that ends it: the next header arrival, the first step outside the loop, or the frame's last step. */
  end: number;
  /** Whether the iteration ran to its end (false when the frame raised or the trace stopped inside it). */
  isComplete: boolean;
}

/** One run of a loop in one frame: entered from outside, iterated, left. */
export interface LoopRun {
  loop: ProgramLoop;
  frame: FrameRun;
  iterations: LoopIteration[];
  /** Index of the first step after the loop in this frame; null when the frame never got past it. */
  exitStep: number | null;
}

export interface TraceFacts {
  trace: Trace;
  frames: FrameRun[];
  /** Steps of kind "line" per source line. */
  lineCounts: Map<number, number>;
  /**
   * False when values may be missing from the histories: the trace was cut, or a line reached the tracer's
   * per-line cap (past it a line's steps are counted but not stored, so values set there are not seen).
   */
  isComplete: boolean;
  loopRuns: LoopRun[];
}

/** Indexes a trace for claim checking: per-frame variable histories, line counts and loop iterations. */
export function readTraceFacts(trace: Trace, shape: ProgramShape, maxStatesPerLine: number): TraceFacts {
  const byId = new Map<number, FrameRun>();
  const frames: FrameRun[] = [];
  const lineCounts = new Map<number, number>();
  const stepsAtLine = new Map<number, number>();
  trace.steps.forEach((step: TraceStep, index) => {
    let frame = byId.get(step.frameId);
    if (!frame) {
      frame = { frameId: step.frameId, name: step.frame, depth: step.depth, steps: [], vars: new Map() };
      byId.set(step.frameId, frame);
      frames.push(frame);
    }
    frame.steps.push(index);
    stepsAtLine.set(step.line, (stepsAtLine.get(step.line) ?? 0) + 1);
    if (step.event === "line") lineCounts.set(step.line, (lineCounts.get(step.line) ?? 0) + 1);
    for (const [name, repr] of Object.entries(step.changed ?? {})) {
      if (name.startsWith(".")) continue;
      const history = frame.vars.get(name) ?? [];
      history.push({ step: index, repr });
      frame.vars.set(name, history);
    }
    if (step.event === "return" && step.returned !== undefined) frame.returned = step.returned;
  });
  const isCapped = [...stepsAtLine.values()].some((count) => count >= maxStatesPerLine);
  const isComplete = !trace.truncated && !isCapped && !(trace.flags ?? []).includes("tracer_tampered");
  const loopRuns = frames.flatMap((frame) => shape.loops.filter((loop) => loop.functionName === frame.name).flatMap((loop) => runsOf(loop, frame, trace)));
  return { trace, frames, lineCounts, isComplete, loopRuns };
}

function runsOf(loop: ProgramLoop, frame: FrameRun, trace: Trace): LoopRun[] {
  const inBody = (line: number) => line >= loop.bodyStart && line <= loop.bodyEnd;
  const inLoop = (line: number) => line === loop.header || inBody(line);
  const runs: LoopRun[] = [];
  let current: LoopRun | null = null;
  const steps = frame.steps;
  for (let k = 0; k < steps.length; k += 1) {
    const step = trace.steps[steps[k]];
    // A "call" step of a recursive frame sits on the def line; "return"/"exception" steps stay on their line.
    if (step.event !== "line") continue;
    if (current === null) {
      if (step.line === loop.header) {
        current = { loop, frame, iterations: [], exitStep: null };
        runs.push(current);
      } else continue;
    }
    if (!inLoop(step.line)) {
      closeLast(current, steps[k], true);
      current.exitStep = steps[k];
      current = null;
      continue;
    }
    if (step.line === loop.header) {
      closeLast(current, steps[k], true);
      const next = nextLineStep(trace, steps, k);
      if (next !== null && inBody(trace.steps[steps[next]].line)) current.iterations.push({ start: steps[k], end: -1, isComplete: false });
    }
  }
  if (current !== null) {
    // The frame ended inside the loop: a return from the body ended it normally, anything else did not.
    const last = steps[steps.length - 1];
    const lastStep = trace.steps[last];
    const returned = lastStep.event === "return";
    closeLast(current, last, returned);
    if (returned) current.exitStep = last;
  }
  return runs;
}

function closeLast(run: LoopRun, end: number, isComplete: boolean): void {
  const last = run.iterations[run.iterations.length - 1];
  if (last && last.end === -1) {
    last.end = end;
    last.isComplete = isComplete;
  }
}

function nextLineStep(trace: Trace, steps: number[], k: number): number | null {
  for (let j = k + 1; j < steps.length; j += 1) if (trace.steps[steps[j]].event === "line") return j;
  return null;
}

/** The repr a frame's variable holds once step `index`'s changes are applied; undefined before it is set. */
export function valueAt(frame: FrameRun, name: string, index: number): string | undefined {
  const history = frame.vars.get(name);
  if (!history) return undefined;
  let value: string | undefined;
  for (const change of history) {
    if (change.step > index) break;
    value = change.repr;
  }
  return value;
}

/** The reprs a frame's variable holds at the states from step `from` to step `to` (trace indices, inclusive). */
export function valuesBetween(frame: FrameRun, name: string, from: number, to: number): string[] {
  const values = new Set<string>();
  const first = valueAt(frame, name, from);
  if (first !== undefined) values.add(first);
  for (const change of frame.vars.get(name) ?? []) if (change.step > from && change.step <= to) values.add(change.repr);
  return [...values];
}
