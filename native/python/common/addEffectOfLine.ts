import type { Trace, TraceStep } from "./traceTypes.js";

/**
 * Adds each step's `effectOfLine`: what its line did, as Python Tutor shows a line with the state after it
 * ran. A step's own `changed` is the effect of its frame's *previous* line (the tracer reports a line before it
 * runs), so the effect of step S's line is the `changed` of the next step of S's frame (a line that calls a
 * function gets the assignment of the result, once control is back in its frame). `steps[]` keep their meaning.
 *
 * Left out (unknown, never guessed) where the frame took no later step (the trace was cut, or the call ended
 * there), and where the tracer's per-line cap may have hidden lines in between: once a line of a function has
 * `maxStatesPerLine` stored steps the tracer stops reporting it, so the frame's next step would merge their
 * effects. Names starting with "." (the interpreter's comprehension iterator) are left out.
 */
export function addEffectOfLine(trace: Trace, options: { maxStatesPerLine: number }): Trace {
  const steps: TraceStep[] = trace.steps.map((step) => ({ ...step }));
  const pendingOfFrame = new Map<number, TraceStep>();
  const storedPerLine = new Map<number, number>();
  // Functions (by name) with a line the cap silenced: from then on, any of their lines may run unreported.
  const silenced = new Set<string>();
  for (const step of steps) {
    const pending = pendingOfFrame.get(step.frameId);
    if (pending && !silenced.has(step.frame)) {
      pending.effectOfLine = Object.fromEntries(Object.entries(step.changed).filter(([name]) => !name.startsWith(".")));
    }
    const count = (storedPerLine.get(step.line) ?? 0) + 1;
    storedPerLine.set(step.line, count);
    if (count >= options.maxStatesPerLine) silenced.add(step.frame);
    // A frame that returned for good takes no later step; a generator's yield ("return") resumes with a "call" step.
    pendingOfFrame.set(step.frameId, step);
  }
  return { ...trace, steps };
}
