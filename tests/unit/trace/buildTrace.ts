import type { Trace, TraceStep } from "../../../native/python/common/traceTypes.js";

/** One hand-written step: [line, event, changed?, extra fields?]; frame defaults to the previous step's. */
export type StepSpec = [line: number, event: TraceStep["event"], changed?: Record<string, string>, extra?: Partial<TraceStep>];

/**
 * Builds a Trace the way a sys.settrace tracer reports it (a step's `changed` is what the frame's previous
 * line did), so the renderer can be tested before and apart from the real runtime.
 */
export function buildTrace(options: { call: string; steps: StepSpec[]; returned?: string; exception?: Trace["exception"]; truncated?: boolean }): Trace {
  let frame = "f";
  let frameId = 1;
  let depth = 0;
  const steps: TraceStep[] = options.steps.map(([line, event, changed = {}, extra = {}], step) => {
    frame = extra.frame ?? frame;
    frameId = extra.frameId ?? frameId;
    depth = extra.depth ?? depth;
    return { step, line, event, frame, frameId, depth, changed, ...extra };
  });
  return { call: options.call, steps, returned: options.returned, exception: options.exception, stdout: "", truncated: options.truncated ?? false, elapsedMs: 1 };
}

/** `for i in range(n): s += i` traced for f(n): lines 1 def, 2 s = 0, 3 for, 4 s += i, 5 return s. */
export function sumLoopTrace(n: number): Trace {
  const steps: StepSpec[] = [[1, "call", { n: String(n) }], [2, "line"], [3, "line", { s: "0" }]];
  let s = 0;
  for (let i = 0; i < n; i += 1) {
    steps.push([4, "line", { i: String(i) }]);
    s += i;
    steps.push([3, "line", { s: String(s) }]);
  }
  steps.push([5, "line"], [5, "return", {}, { returned: String(s) }]);
  return buildTrace({ call: `f(${n})`, steps, returned: String(s) });
}

export const sumLoopProgram = ["def f(n):", "    s = 0", "    for i in range(n):", "        s += i", "    return s"].join("\n");
