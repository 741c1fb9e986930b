import type { Trace, TraceException } from "../../python/common/traceTypes.js";
import type { LineState } from "./types.js";

/**
 * Turns a structured trace into execution states per source line, the unit the renderers show.
 *
 * A tracer reports a "line" step *before* the line runs, with the variables that changed since the frame's
 * previous step; so a step's `changed` is the effect of the frame's previous line and is credited to it
 * (a line that calls a function gets the assignment of its result once control is back in its frame).
 * A "call" step's `changed` are the arguments, shown on the def line. "return" and "exception" steps add
 * their marker to the line the frame was on; a frame that resumes after a "return" was a generator's yield.
 * Variables keep the order the tracer gives (a frame's locals: arguments first). The continuation lines of a
 * multi-line statement make one state. Steps on lines outside the program are skipped.
 *
 * The failure state is the one a reader must see to understand the failure: where the final exception was
 * last raised (and the frames it is reported passing through); else the entry frame's return (the value a failing assert
 * compares); else, for a trace cut by a limit, the last state.
 */
export function collectLineStates(options: {
  trace: Trace;
  lineCount: number;
  /** From scanLogicalLines: each line's statement end, so a multi-line statement is one state. Default: each line its own. */
  endOf?: readonly number[];
}): LineState[] {
  const { trace, lineCount } = options;
  const endOf = options.endOf ?? [];
  const statementStart = (line: number) => {
    let start = line;
    while (start > 1 && endOf[start - 1] !== undefined && endOf[start - 1] === endOf[line]) start -= 1;
    return start;
  };
  const states: LineState[] = [];
  const lastOfFrame = new Map<number, LineState>();
  // The physical line of each frame's last line step, to tell a statement's continuation lines from a repeat.
  const lastLineOfFrame = new Map<number, number>();
  // Generators: the state that yielded, until the frame resumes (a "call" step on a frame seen before).
  const suspended = new Map<number, LineState>();
  let lastState: LineState | null = null;
  // States in the order an exception was attached to them: the final exception's propagation is its suffix.
  const raised: LineState[] = [];
  const push = (state: Omit<LineState, "order" | "isFailureState">) => {
    const full: LineState = { ...state, order: states.length, isFailureState: false };
    states.push(full);
    return full;
  };
  for (const step of trace.steps) {
    if (step.stdout && lastState) lastState.stdout = (lastState.stdout ?? "") + step.stdout;
    if (step.line < 1 || step.line > lineCount) continue;
    // Names starting with "." are the interpreter's own (".0", a comprehension's iterator), not the program's.
    const changes = Object.entries(step.changed).filter(([name]) => !name.startsWith("."));
    const previous = lastOfFrame.get(step.frameId);
    const base = { line: statementStart(step.line), step: step.step, frame: step.frame, frameId: step.frameId, depth: step.depth };
    if (step.event === "call") {
      const yielded = suspended.get(step.frameId);
      if (yielded) {
        // A generator resumes: its last "return" was a yield; what it receives belongs to the yield line.
        suspended.delete(step.frameId);
        if (yielded.returned !== undefined) yielded.yielded = yielded.returned;
        delete yielded.returned;
        mergeChanges(yielded, changes);
        lastOfFrame.set(step.frameId, yielded);
        lastState = yielded;
        continue;
      }
      lastState = push({ ...base, kind: "call", changes });
      lastOfFrame.set(step.frameId, lastState);
      continue;
    }
    // A frame seen first on a non-call step (a tracer that skips call events): its first changes are its inputs.
    let owner = previous ?? push({ ...base, kind: "call", changes: [] });
    if (!previous) lastOfFrame.set(step.frameId, owner);
    if (step.event === "return" && (owner.yielded !== undefined || owner.returned !== undefined)) {
      // A generator that yields again with no line step between (a one-line generator expression): a new state.
      owner = push({ ...base, kind: "line", changes: [] });
      lastOfFrame.set(step.frameId, owner);
    }
    mergeChanges(owner, changes);
    if (step.event === "line") {
      const isContinuation = owner.kind === "line" && owner.line === base.line && lastLineOfFrame.get(step.frameId) !== step.line;
      lastLineOfFrame.set(step.frameId, step.line);
      if (isContinuation) continue;
      lastState = push({ ...base, kind: "line", changes: [] });
      lastOfFrame.set(step.frameId, lastState);
    } else if (step.event === "return") {
      // A return right after an exception on the same line is the exception leaving the frame, not a value.
      if (step.returned !== undefined && owner.exception === undefined) owner.returned = step.returned;
      lastOfFrame.delete(step.frameId);
      suspended.set(step.frameId, owner);
      lastState = owner;
    } else if (step.event === "exception") {
      if (step.exception) {
        owner.exception = formatException(step.exception);
        raised.push(owner);
      }
      lastState = owner;
    }
  }
  markFailureStates({ states, raised, trace });
  return states;
}

export function formatException(exception: TraceException): string {
  return exception.message ? `${exception.type}: ${exception.message}` : exception.type;
}

function mergeChanges(state: LineState, changes: Array<[string, string]>): void {
  if (changes.length === 0) return;
  const merged = new Map(state.changes);
  for (const [name, repr] of changes) merged.set(name, repr);
  state.changes = [...merged.entries()];
}

function markFailureStates(options: { states: LineState[]; raised: LineState[]; trace: Trace }): void {
  const { states, raised, trace } = options;
  if (states.length === 0) return;
  const last = states[states.length - 1];
  // A trace cut by a limit says so on its last state: the loop that never ended, the stack that overflowed.
  if (trace.truncated) last.stopped = trace.reason ?? "limit";
  if (trace.exception) {
    const text = formatException(trace.exception);
    let at = raised.length - 1;
    while (at >= 0 && raised[at].exception !== text) at -= 1;
    if (at >= 0) {
      // The last time it was raised, and the frames it then passed through on the way out (a tracer that
      // reports propagation gives one exception step per frame, each shallower than the one before).
      let start = at;
      while (start > 0 && raised[start - 1].exception === text && raised[start - 1].depth > raised[start].depth) start -= 1;
      for (let index = start; index <= at; index += 1) raised[index].isFailureState = true;
      if (trace.truncated) last.isFailureState = true;
      return;
    }
    // Raised outside the program's lines (a test's assert around the call): the renderers add an outcome
    // line, and the value that assert saw is the outermost frame's last return, below.
  }
  if (!trace.truncated) {
    const minDepth = states.reduce((min, state) => Math.min(min, state.depth), Infinity);
    for (let index = states.length - 1; index >= 0; index -= 1) {
      if (states[index].depth === minDepth && states[index].returned !== undefined) {
        states[index].isFailureState = true;
        return;
      }
    }
  }
  last.isFailureState = true;
}
