import type { Trace, TraceStep } from "../../../../native/api/index";

/**
 * Reading a trace the way Python Tutor shows it: the selected step's line, the state after that line ran,
 * the call stack, stdout so far. Pure functions over the tracer's `steps[]` (docs/trace-format.md): `changed`
 * holds what changed since the frame's previous step, `effectOfLine` what the step's own line did.
 */

export interface StackEntry {
  frame: string;
  frameId: number;
  depth: number;
  /** The line this frame is at (the latest step of it up to the selected one). */
  line: number;
  /** name → repr, after the selected step's line ran (for the innermost frame) or as of its latest step. */
  variables: Record<string, string>;
}

/** The call stack at step `index`, outermost first, with each frame's variables. */
export function stackAt(trace: Trace, index: number): StackEntry[] {
  const stack: StackEntry[] = [];
  const variables = new Map<number, Record<string, string>>();
  const last = Math.min(index, trace.steps.length - 1);
  for (let i = 0; i <= last; i++) {
    const step = trace.steps[i];
    const vars = { ...(variables.get(step.frameId) ?? {}), ...step.changed };
    variables.set(step.frameId, vars);
    stack.length = Math.min(stack.length, step.depth);
    stack[step.depth] = { frame: step.frame, frameId: step.frameId, depth: step.depth, line: step.line, variables: vars };
  }
  const current = trace.steps[last];
  if (current?.effectOfLine && stack[current.depth]) {
    stack[current.depth] = { ...stack[current.depth], variables: { ...stack[current.depth].variables, ...current.effectOfLine } };
  }
  return stack.filter(Boolean);
}

/**
 * What each line of the selected step's frame did, as of that step: line → the effect of its latest run
 * (the NExT inline view, one state per line). Lines of other frames are not shown.
 */
export function lineEffectsAt(trace: Trace, index: number): Map<number, Record<string, string>> {
  const effects = new Map<number, Record<string, string>>();
  const current = trace.steps[index];
  if (!current) return effects;
  for (let i = 0; i <= index; i++) {
    const step = trace.steps[i];
    if (step.frameId !== current.frameId) continue;
    const effect = step.effectOfLine ?? (step.event === "return" && step.returned !== undefined ? { return: step.returned } : undefined);
    if (effect && Object.keys(effect).length > 0) effects.set(step.line, effect);
  }
  return effects;
}

/** The next (or previous) step of the same frame at the same line: one loop iteration on (or back). */
export function iterationStep(trace: Trace, index: number, direction: 1 | -1): number | null {
  const current = trace.steps[index];
  if (!current) return null;
  for (let i = index + direction; i >= 0 && i < trace.steps.length; i += direction) {
    const step = trace.steps[i];
    if (step.frameId === current.frameId && step.line === current.line && step.event !== "call") return i;
    // Leaving the frame ends the loop: its next run is another call, not another iteration.
    if (step.frameId === current.frameId && step.event === "return" && direction === 1) return null;
  }
  return null;
}

/** How often the selected step's line has run in its frame up to and including this step (1-based). */
export function iterationNumber(trace: Trace, index: number): number {
  const current = trace.steps[index];
  if (!current) return 0;
  let count = 0;
  for (let i = 0; i <= index; i++) if (trace.steps[i].frameId === current.frameId && trace.steps[i].line === current.line && trace.steps[i].event !== "call") count++;
  return count;
}

/**
 * Everything the program printed once the line of step `index` ran. A step's `stdout` is what was written
 * since the previous step, that is by the previous step's line, so the selected line's output is on the
 * step after it (or in the trace's total stdout when it was the last step).
 */
export function stdoutAt(trace: Trace, index: number): string {
  if (index >= trace.steps.length - 1) return trace.stdout;
  let text = "";
  for (let i = 0; i <= index + 1; i++) text += trace.steps[i].stdout ?? "";
  return text;
}

/** The step where the trace's exception was raised (its first "exception" event of that type), or null. */
export function exceptionStep(trace: Trace): TraceStep | null {
  const raised = trace.steps.filter((step) => step.event === "exception");
  if (raised.length === 0) return null;
  const type = trace.exception?.type;
  return raised.find((step) => step.exception?.type === type) ?? raised[raised.length - 1];
}

/** Why a trace stopped early, in words; null when it ran to the end. */
export function describeStop(trace: Trace): string | null {
  if (!trace.truncated) return null;
  const last = trace.steps[trace.steps.length - 1];
  const where = last ? ` at line ${last.line} (step ${last.step + 1})` : "";
  const why: Record<string, string> = {
    timeout: "the time limit ran out",
    memory: "the memory limit was reached",
    recursion: "the recursion limit was reached",
    step_cap: "the step cap was reached",
    trace_size: "the trace grew past its size cap",
    output_limit: "the program printed past the output limit",
  };
  return `Stopped${where}: ${trace.reason ? why[trace.reason] ?? trace.reason : "cut short"}. The steps before it are shown.`;
}
