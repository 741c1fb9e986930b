import { describe, expect, it } from "vitest";
import { diffTraces } from "../../../native/trace/common/diffTraces.js";
import { buildTrace, sumLoopProgram, sumLoopTrace, type StepSpec } from "./buildTrace.js";

/** The sum loop with `s += i` replaced by `s += op(i)`: same control flow, different values from the first add. */
function variantTrace(n: number, op: (i: number) => number): ReturnType<typeof sumLoopTrace> {
  const steps: StepSpec[] = [[1, "call", { n: String(n) }], [2, "line"], [3, "line", { s: "0" }]];
  let s = 0;
  for (let i = 0; i < n; i += 1) {
    steps.push([4, "line", { i: String(i) }]);
    s += op(i);
    steps.push([3, "line", { s: String(s) }]);
  }
  steps.push([5, "line"], [5, "return", {}, { returned: String(s) }]);
  return buildTrace({ call: `f(${n})`, steps, returned: String(s) });
}

describe("diffTraces", () => {
  it("finds the first value that differs on the edited line", () => {
    const fixed = sumLoopProgram.replace("s += i", "s += i * i");
    const diff = diffTraces({ a: { program: sumLoopProgram, trace: sumLoopTrace(4) }, b: { program: fixed, trace: variantTrace(4, (i) => i * i) } });
    expect(diff.kind).toBe("value");
    // i=0 and i=1 give the same s; i=2 is the first where s differs: state 7 (s += i on the third pass).
    expect(diff.index).toBe(7);
    expect(diff.values).toEqual([{ name: "s", a: "3", b: "5" }]);
    expect(diff.a?.code).toBe("s += i");
    expect(diff.b?.code).toBe("s += i * i");
    expect(diff.summary).toContain("s: 3 vs 5");
    // `step` points into each trace as `tracetune trace` numbers it: the step that runs the divergent line.
    expect(sumLoopTrace(4).steps[diff.a!.step]).toMatchObject({ step: diff.a!.step, line: diff.a!.line, event: "line" });
    expect(diff.b!.step).toBe(diff.a!.step);
  });

  it("reports a control-flow divergence when the runs take different branches", () => {
    const program = "def f(x):\n    if x > 0:\n        return 1\n    return 2";
    const fixed = program.replace("x > 0", "x >= 0");
    const a = buildTrace({ call: "f(0)", returned: "2", steps: [[1, "call", { x: "0" }], [2, "line"], [4, "line"], [4, "return", {}, { returned: "2" }]] });
    const b = buildTrace({ call: "f(0)", returned: "1", steps: [[1, "call", { x: "0" }], [2, "line"], [3, "line"], [3, "return", {}, { returned: "1" }]] });
    const diff = diffTraces({ a: { program, trace: a }, b: { program: fixed, trace: b } });
    expect(diff.kind).toBe("control_flow");
    expect(diff.index).toBe(2);
    expect(diff.a).toMatchObject({ line: 4, code: "return 2" });
    expect(diff.b).toMatchObject({ line: 3, code: "return 1" });
    expect(diff.summary).toBe("First divergence at state 2: control flow differs: a runs line 4 (return 2) in f, b runs line 3 (return 1) in f.");
  });

  it("reports a loop that stops early as a value divergence of the loop variable, then the end of one run", () => {
    const short = sumLoopTrace(2);
    short.steps[0].changed.n = "3";
    const diff = diffTraces({ a: { program: sumLoopProgram, trace: sumLoopTrace(3) }, b: { program: sumLoopProgram, trace: short } });
    expect(diff.kind).toBe("value");
    expect(diff.index).toBe(6);
    expect(diff.values).toEqual([{ name: "i", a: "2", b: null }]);
  });

  it("is not shifted by a line inserted elsewhere, and says when nothing diverges", () => {
    const withComment = sumLoopProgram.replace("    s = 0", "    # start at zero\n    s = 0");
    const shifted = structuredClone(sumLoopTrace(3));
    for (const step of shifted.steps) if (step.line >= 2) step.line += 1;
    const diff = diffTraces({ a: { program: sumLoopProgram, trace: sumLoopTrace(3) }, b: { program: withComment, trace: shifted } });
    expect(diff.kind).toBe("none");
    expect(diff.index).toBeNull();
    expect(diff.summary).toMatch(/No divergence: 10 states agree and both returned 3/);
  });

  it("reports a different exception as a value divergence at the raising line", () => {
    const program = "def f(x):\n    return 10 // x";
    const run = (exception?: { type: string; message: string; line: number }) => buildTrace({
      call: "f(0)", exception, returned: exception ? undefined : "0",
      steps: [[1, "call", { x: "0" }], [2, "line"], ...(exception ? [[2, "exception", {}, { exception }] as StepSpec] : []), [2, "return", {}, { returned: exception ? "None" : "0" }]],
    });
    const diff = diffTraces({ a: { program, trace: run({ type: "ZeroDivisionError", message: "integer division or modulo by zero", line: 2 }) }, b: { program, trace: run() } });
    expect(diff.kind).toBe("value");
    expect(diff.values.map((value) => value.name)).toEqual(["__exception__", "__return__"]);
    expect(diff.outcomeA).toBe("raised ZeroDivisionError: integer division or modulo by zero");
    expect(diff.outcomeB).toBe("returned 0");
  });
});
