import { describe, expect, it } from "vitest";
import { renderTrace } from "../../../native/trace/common/renderTrace.js";
import { TracetuneError } from "../../../native/common/TracetuneError.js";
import { buildTrace, sumLoopProgram, sumLoopTrace } from "./buildTrace.js";

describe("renderTrace inline", () => {
  it("credits each step's changes to the line that made them and numbers states in execution order", () => {
    const { text } = renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(2) });
    expect(text.split("\n")).toEqual([
      "def f(n):  # (0) n=2",
      "    s = 0  # (1) s=0",
      "    for i in range(n):  # (2) i=0; (4) i=1; (6)",
      "        s += i  # (3) s=0; (5) s=1",
      "    return s  # (7) __return__=1",
    ]);
  });

  it("compresses a line run many times to its first 2 and last 1 states with the count left out", () => {
    const { text, statesTotal, statesShown } = renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(10) });
    expect(text.split("\n")[3]).toBe("        s += i  # (3) s=0; (5) s=1; ...(7 more); (21) s=45");
    expect(text.split("\n")[2]).toBe("    for i in range(n):  # (2) i=0; (4) i=1; ...(8 more); (22)");
    expect(statesTotal).toBe(24);
    expect(statesShown).toBe(9);
  });

  it("follows the first/last settings", () => {
    const { text } = renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(10), settings: { firstStates: 1, lastStates: 2 } });
    expect(text.split("\n")[3]).toBe("        s += i  # (3) s=0; ...(7 more); (19) s=36; (21) s=45");
  });

  it("puts a callee's result on the caller's line once control is back, and recursion states in order", () => {
    const program = ["def fact(n):", "    if n <= 1:", "        return 1", "    r = n * fact(n - 1)", "    return r"].join("\n");
    const trace = buildTrace({
      call: "fact(2)", returned: "2", steps: [
        [1, "call", { n: "2" }, { frame: "fact", frameId: 1, depth: 0 }], [2, "line"], [4, "line"],
        [1, "call", { n: "1" }, { frameId: 2, depth: 1 }], [2, "line"], [3, "line"], [3, "return", {}, { returned: "1" }],
        [5, "line", { r: "2" }, { frameId: 1, depth: 0 }], [5, "return", {}, { returned: "2" }],
      ],
    });
    expect(renderTrace({ program, trace }).text.split("\n")).toEqual([
      "def fact(n):  # (0) n=2; (3) n=1",
      "    if n <= 1:  # (1); (4)",
      "        return 1  # (5) __return__=1",
      "    r = n * fact(n - 1)  # (2) r=2",
      "    return r  # (6) __return__=2",
    ]);
  });

  it("marks the exception where it is raised and where it leaves the entry frame", () => {
    const program = ["def g(x):", "    return 1 / x", "def f(x):", "    y = g(x)", "    return y"].join("\n");
    const exception = { type: "ZeroDivisionError", message: "division by zero", line: 2 };
    const trace = buildTrace({
      call: "f(0)", exception, steps: [
        [3, "call", { x: "0" }, { frame: "f", frameId: 1, depth: 0 }], [4, "line"],
        [1, "call", { x: "0" }, { frame: "g", frameId: 2, depth: 1 }], [2, "line"], [2, "exception", {}, { exception }], [2, "return", {}, { returned: "None" }],
        [4, "exception", {}, { frame: "f", frameId: 1, depth: 0, exception }], [4, "return", {}, { returned: "None" }],
      ],
    });
    const rendering = renderTrace({ program, trace });
    expect(rendering.text).toContain("    return 1 / x  # (3) __exception__=ZeroDivisionError: division by zero");
    expect(rendering.text).toContain("    y = g(x)  # (1) __exception__=ZeroDivisionError: division by zero");
    expect(rendering.keepsFailureState).toBe(true);
  });

  it("ends with the outcome when the exception was raised outside the program, and keeps the value the test saw", () => {
    const exception = { type: "AssertionError", message: "", line: null };
    const trace = buildTrace({ call: "check(f)", exception, steps: [
      [1, "call", { n: "1" }, { frameId: 1 }], [2, "line"], [2, "return", {}, { returned: "1" }],
      [1, "call", { n: "30" }, { frameId: 2 }], [2, "line"], [2, "return", {}, { returned: "999" }],
    ] });
    const rendering = renderTrace({ program: "def f(n):\n    return n * 33 // 1", trace, settings: { firstStates: 1, lastStates: 0 } });
    expect(rendering.text.split("\n")).toEqual([
      "def f(n):  # (0) n=1; ...(1 more)",
      "    return n * 33 // 1  # (1) __return__=1; (3) __return__=999",
      "# check(f): __exception__=AssertionError",
    ]);
  });

  it("marks where a trace cut by a limit stopped", () => {
    const trace = { ...sumLoopTrace(50), truncated: true, reason: "step_cap" as const, returned: undefined };
    trace.steps = trace.steps.slice(0, 40);
    const { text, keepsFailureState } = renderTrace({ program: sumLoopProgram, trace });
    expect(text).toContain("s += i  # (3) s=0; (5) s=1; ...(16 more); (39) __stopped__=step_cap");
    expect(keepsFailureState).toBe(true);
  });

  it("puts a multi-line statement's states after its last line, never inside a string", () => {
    const program = ['def f():', '    s = """a', '    b"""', '    t = (1,', '         2)', '    return s'].join("\n");
    const trace = buildTrace({ call: "f()", returned: "'a\\n    b'", steps: [[1, "call"], [2, "line"], [4, "line", { s: "'a\\n    b'" }], [6, "line", { t: "(1, 2)" }], [6, "return", {}, { returned: "'a\\n    b'" }]] });
    const lines = renderTrace({ program, trace }).text.split("\n");
    expect(lines[1]).toBe('    s = """a');
    expect(lines[2]).toBe("    b\"\"\"  # (1) s='a\\n    b'");
    expect(lines[3]).toBe("    t = (1,");
    expect(lines[4]).toBe("         2)  # (2) t=(1, 2)");
  });

  it("cuts long reprs but keeps the failure value longer", () => {
    const long = `[${Array.from({ length: 60 }, (_, i) => i).join(", ")}]`;
    const trace = buildTrace({ call: "f()", returned: long, steps: [[1, "call"], [2, "line"], [3, "line", { xs: long }], [3, "return", {}, { returned: long }]] });
    const { text } = renderTrace({ program: "def f():\n    xs = list(range(60))\n    return xs", trace });
    expect(text).toContain("xs=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...]");
    expect(text).toMatch(/__return__=\[0, 1, 2, .{90,}\.\.\.\]/);
  });

  it("is deterministic", () => {
    const once = renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(30), settings: { budget: 60 } });
    const again = renderTrace({ program: sumLoopProgram, trace: structuredClone(sumLoopTrace(30)), settings: { budget: 60 } });
    expect(again).toEqual(once);
  });
});

describe("renderTrace scratchpad and none", () => {
  it("lists one state per line after the program", () => {
    const { text } = renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(1), style: "scratchpad" });
    expect(text).toBe([
      sumLoopProgram, "", "# Execution of f(1):",
      "# (0) line 1 `def f(n):`: n=1", "# (1) line 2 `s = 0`: s=0", "# (2) line 3 `for i in range(n):`: i=0",
      "# (3) line 4 `s += i`: s=0", "# (4) line 3 `for i in range(n):`", "# (5) line 5 `return s`: __return__=0",
    ].join("\n"));
  });

  it("elides the middle of a long run to fit the budget, keeping the end", () => {
    const rendering = renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(100), style: "scratchpad", settings: { budget: 200 } });
    expect(rendering.fitsBudget).toBe(true);
    expect(rendering.text).toMatch(/# \.\.\.\(\d+ steps\)/);
    expect(rendering.text).toContain("__return__=4950");
  });

  it("renders the program alone for the no-trace variant", () => {
    const rendering = renderTrace({ program: sumLoopProgram + "\n", trace: sumLoopTrace(3), style: "none" });
    expect(rendering.text).toBe(sumLoopProgram);
    expect(rendering.statesShown).toBe(0);
  });
});

describe("renderTrace input checks", () => {
  it("names a bad setting", () => {
    expect(() => renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(1), settings: { reprCut: 2 } })).toThrowError(/"reprCut" must be a whole number from 8/);
    expect(() => renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(1), settings: { firstStates: 0, lastStates: 0 } })).toThrowError(TracetuneError);
    expect(() => renderTrace({ program: sumLoopProgram, trace: sumLoopTrace(1), settings: { bogus: 1 } as never })).toThrowError(/Unknown trace render setting "bogus"/);
  });
});
