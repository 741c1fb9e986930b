import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime, type Trace } from "../../../native/python/index.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

let python: PythonRuntime;
beforeAll(async () => {
  await ensureSandboxBuilt();
  python = await PythonRuntime.start({ size: 1, spares: 1 });
});
afterAll(async () => {
  await python?.dispose();
});

/** One compact line per step, hand-checkable: "event frame#id depth line {changed} extra". */
const compact = (trace: Trace) =>
  trace.steps.map((s) => {
    const extra = s.returned !== undefined ? ` -> ${s.returned}` : s.exception ? ` !! ${s.exception.type}` : "";
    return `${s.event} ${s.frame}#${s.frameId} ${s.depth} L${s.line} ${JSON.stringify(s.changed)}${extra}`;
  });

describe("tracer: hand-checked traces", () => {
  it("a loop: changed variables only, in execution order", async () => {
    const trace = await python.trace({ program: "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n", call: "f(3)" });
    expect(compact(trace)).toEqual([
      'call f#0 0 L1 {"n":"3"}',
      "line f#0 0 L2 {}",
      'line f#0 0 L3 {"s":"0"}',
      'line f#0 0 L4 {"i":"0"}',
      "line f#0 0 L3 {}",
      'line f#0 0 L4 {"i":"1"}',
      'line f#0 0 L3 {"s":"1"}',
      'line f#0 0 L4 {"i":"2"}',
      'line f#0 0 L3 {"s":"3"}',
      "line f#0 0 L5 {}",
      "return f#0 0 L5 {} -> 3",
    ]);
    expect(trace).toMatchObject({ call: "f(3)", returned: "3", truncated: false });
    expect(trace.steps.map((s) => s.step)).toEqual(trace.steps.map((_, i) => i));
  });

  it("nested calls get their own frame and depth", async () => {
    const trace = await python.trace({ program: "def g(x):\n    return x * 2\n\ndef f(n):\n    a = g(n)\n    return a + 1\n", call: "f(3)" });
    expect(compact(trace)).toEqual([
      'call f#0 0 L4 {"n":"3"}',
      "line f#0 0 L5 {}",
      'call g#1 1 L1 {"x":"3"}',
      "line g#1 1 L2 {}",
      "return g#1 1 L2 {} -> 6",
      'line f#0 0 L6 {"a":"6"}',
      "return f#0 0 L6 {} -> 7",
    ]);
  });

  it("recursion: each activation is a distinct frame", async () => {
    const trace = await python.trace({ program: "def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\n", call: "fact(3)" });
    expect(compact(trace).filter((line) => !line.startsWith("line"))).toEqual([
      'call fact#0 0 L1 {"n":"3"}',
      'call fact#1 1 L1 {"n":"2"}',
      'call fact#2 2 L1 {"n":"1"}',
      "return fact#2 2 L3 {} -> 1",
      "return fact#1 1 L4 {} -> 2",
      "return fact#0 0 L4 {} -> 6",
    ]);
  });

  it("generators: a yield is a return with the yielded value, a resume re-enters the same frame", async () => {
    const trace = await python.trace({ program: "def gen(n):\n    for i in range(n):\n        yield i * i\n\ndef f():\n    return list(gen(2))\n", call: "f()" });
    const gen = trace.steps.filter((s) => s.frame === "gen");
    expect(new Set(gen.map((s) => s.frameId)).size).toBe(1);
    expect(gen.filter((s) => s.event === "return").map((s) => s.returned)).toEqual(["0", "1", "None"]);
    expect(gen.filter((s) => s.event === "call")).toHaveLength(3);
    expect(trace.returned).toBe("[0, 1]");
  });

  it("a generator closed early (gen.close: resumed without PY_RESUME) keeps frames consistent", async () => {
    const program = "def gen():\n    try:\n        yield 1\n    finally:\n        done = True\n\ndef f():\n    g = gen()\n    first = next(g)\n    g.close()\n    after = first + 1\n    return after\n";
    const trace = await python.trace({ program, call: "f()" });
    expect(trace.returned).toBe("2");
    // close() resumes the frame with GeneratorExit (an exception step), then the finally block runs.
    expect(trace.steps.filter((s) => s.frame === "gen").map((s) => `${s.event}:${s.line}`).slice(-3)).toEqual(["call:3", "exception:3", "line:5"]);
    const last = trace.steps.filter((s) => s.frame === "f").at(-1);
    expect(last).toMatchObject({ event: "return", depth: 0, returned: "2" });
    expect(trace.steps.find((s) => s.frame === "f" && s.changed.after === "2")?.depth).toBe(0);
  });

  it("comprehensions (inlined since Python 3.12) show their result", async () => {
    const trace = await python.trace({ program: "def f(xs):\n    ys = [x + 1 for x in xs]\n    return ys\n", call: "f([1, 2])" });
    expect(compact(trace)).toEqual(['call f#0 0 L1 {"xs":"[1, 2]"}', "line f#0 0 L2 {}", 'line f#0 0 L3 {"ys":"[2, 3]"}', "return f#0 0 L3 {} -> [2, 3]"]);
  });

  it("a caught exception is a step, and execution continues in the handler", async () => {
    const program = "def f(x):\n    try:\n        y = 1 / x\n    except ZeroDivisionError:\n        y = -1\n    return y\n";
    const trace = await python.trace({ program, call: "f(0)" });
    expect(compact(trace)).toEqual([
      'call f#0 0 L1 {"x":"0"}', "line f#0 0 L2 {}", "line f#0 0 L3 {}", "exception f#0 0 L3 {} !! ZeroDivisionError",
      "line f#0 0 L4 {}", "line f#0 0 L5 {}", 'line f#0 0 L6 {"y":"-1"}', "return f#0 0 L6 {} -> -1",
    ]);
    expect(trace.steps[3].exception).toEqual({ type: "ZeroDivisionError", message: "division by zero", line: 3 });
  });

  it("an uncaught exception ends the trace and is recorded", async () => {
    const trace = await python.trace({ program: "def f(x):\n    y = x + 1\n    raise ValueError('bad ' + str(y))\n", call: "f(1)" });
    expect(trace.exception).toEqual({ type: "ValueError", message: "bad 2", line: 3 });
    expect(trace.returned).toBeUndefined();
    expect(compact(trace).at(-1)).toBe("exception f#0 0 L3 {} !! ValueError");
  });

  it("closures see their free variables", async () => {
    const trace = await python.trace({ program: "def outer(k):\n    def inner(v):\n        return v + k\n    return inner(1)\n", call: "outer(5)" });
    expect(trace.steps.find((s) => s.frame === "inner" && s.event === "call")?.changed).toEqual({ v: "1", k: "5" });
    expect(trace.returned).toBe("6");
  });

  it("class methods are traced with self", async () => {
    const program = "class C:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\n\ndef f():\n    c = C(4)\n    return c.get()\n";
    const trace = await python.trace({ program, call: "f()" });
    expect(trace.steps.filter((s) => s.event === "call").map((s) => `${s.frame}@${s.depth}`)).toEqual(["f@0", "__init__@1", "get@1"]);
    expect(trace.returned).toBe("4");
  });

  it("early return from inside a loop", async () => {
    const trace = await python.trace({ program: "def f(xs):\n    for x in xs:\n        if x > 1:\n            return x\n    return None\n", call: "f([0, 2, 3])" });
    expect(compact(trace).slice(-3)).toEqual(['line f#0 0 L3 {"x":"2"}', "line f#0 0 L4 {}", "return f#0 0 L4 {} -> 2"]);
  });

  it("in-place mutation and stdout are attached to the step after them", async () => {
    const trace = await python.trace({ program: "def f(xs):\n    xs.append(1)\n    print('hi')\n    return xs\n", call: "f([])" });
    expect(trace.steps[2]).toMatchObject({ line: 3, changed: { xs: "[1]" } });
    expect(trace.steps[3]).toMatchObject({ line: 4, stdout: "hi\n" });
    expect(trace.stdout).toBe("hi\n");
  });
});

describe("tracer: caps and limits return the partial trace", () => {
  const loop = "def f():\n    i = 0\n    while True:\n        i += 1\n";

  it("step cap", async () => {
    const trace = await python.trace({ program: loop, call: "f()", caps: { maxSteps: 50 } });
    expect(trace).toMatchObject({ truncated: true, reason: "step_cap" });
    expect(trace.steps).toHaveLength(50);
    // The tracer stopping itself is not the program tampering with sys.monitoring.
    expect(trace.flags ?? []).not.toContain("violation");
    expect(trace.exception).toBeUndefined();
  });

  it("a KeyboardInterrupt the program raises is its exception, not a timeout", async () => {
    const trace = await python.trace({ program: "def f(x):\n    y = x + 1\n    raise KeyboardInterrupt\n", call: "f(1)" });
    expect(trace.truncated).toBe(false);
    expect(trace.reason).toBeUndefined();
    expect(trace.exception?.type).toBe("KeyboardInterrupt");
  });

  it("timeout keeps the steps so far", async () => {
    const trace = await python.trace({ program: loop, call: "f()", caps: { maxSteps: 10_000_000, maxStatesPerLine: 5 }, limits: { timeoutMs: 300 } });
    expect(trace).toMatchObject({ truncated: true, reason: "timeout" });
    expect(trace.steps.length).toBeGreaterThan(5);
  });

  it("a timeout's last state is where the program stopped, not the last one a cap let through, and is not the program's exception (issue 16)", async () => {
    const trace = await python.trace({ program: loop, call: "f()", caps: { maxStatesPerLine: 5 }, limits: { timeoutMs: 300 } });
    expect(trace).toMatchObject({ truncated: true, reason: "timeout" });
    const last = trace.steps.at(-1)!;
    // The per-line cap kept i up to 5 only; at the stop point the loop had gone much further.
    expect(Number(last.changed.i)).toBeGreaterThan(100);
    expect(trace.steps.some((step) => step.exception?.type === "KeyboardInterrupt")).toBe(false);
    expect(trace.exception).toBeUndefined();
  });

  it("states per line and repr length", async () => {
    const program = "def f():\n    s = ''\n    for i in range(100):\n        s += 'abc'\n    return s\n";
    const trace = await python.trace({ program, call: "f()", caps: { maxStatesPerLine: 3, maxReprLength: 10 } });
    expect(trace.steps.filter((s) => s.line === 4)).toHaveLength(3);
    expect(trace.returned).toHaveLength(10);
    expect(trace.returned?.endsWith("…")).toBe(true);
    expect(trace.truncated).toBe(false);
  });

  it("deep recursion ends with reason recursion", async () => {
    const trace = await python.trace({ program: "def r(n):\n    return r(n + 1)\n", call: "r(0)", caps: { maxStatesPerLine: 2 } });
    expect(trace).toMatchObject({ truncated: true, reason: "recursion", exception: { type: "RecursionError" } });
  });

  it("a program that errors before the call reports it, and a bad call is invalid input", async () => {
    const trace = await python.trace({ program: "x = 1 / 0\ndef f():\n    return 1\n", call: "f()" });
    expect(trace.exception).toMatchObject({ type: "ZeroDivisionError", line: 1 });
    expect(trace.flags).toEqual(["program_failed"]);
    await expect(python.trace({ program: "def f():\n    return 1\n", call: "f(" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("tracer: tampering", () => {
  it("sys.settrace cannot blind it (it does not use settrace), and trying is flagged", async () => {
    const trace = await python.trace({ program: "import sys\ndef f():\n    try:\n        sys.settrace(None)\n    except PermissionError:\n        pass\n    a = 1\n    return a\n", call: "f()" });
    expect(trace.steps.some((s) => s.changed.a === "1")).toBe(true);
    expect(trace.returned).toBe("1");
    expect(trace.flags).toContain("violation");
  });

  it("sys.monitoring calls on the tracer's tool are refused and flagged", async () => {
    const program = "import sys\ndef f():\n    m = sys.monitoring\n    for t in range(6):\n        try:\n            m.set_events(t, 0)\n            m.free_tool_id(t)\n        except Exception:\n            pass\n    a = 2\n    return a\n";
    const trace = await python.trace({ program, call: "f()" });
    expect(trace.steps.some((s) => s.changed.a === "2")).toBe(true);
    expect(trace.flags).toContain("violation");
    const after = await python.trace({ program: "def g():\n    return 5\n", call: "g()" });
    expect(after.returned).toBe("5");
    expect(after.steps.length).toBeGreaterThan(0);
  });
});
