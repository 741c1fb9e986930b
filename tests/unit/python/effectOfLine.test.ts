// Each step's effectOfLine: what its line did (the state after it ran, as Python Tutor shows it), on real
// traces from the sandbox; steps[].changed keep their meaning (the previous line's effect).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime, type Trace } from "../../../native/python/index.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

let python: PythonRuntime;
let dir: string;
beforeAll(async () => {
  await ensureSandboxBuilt();
  python = await PythonRuntime.start({ size: 1, spares: 0 });
  dir = mkdtempSync(join(tmpdir(), "tracetune-effect-"));
});
afterAll(async () => {
  await python?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** "event Lline changed => effect" per step; "?" where the effect is unknown. */
const effects = (trace: Trace) =>
  trace.steps.map((s) => `${s.event} L${s.line} ${JSON.stringify(s.changed)} => ${s.effectOfLine === undefined ? "?" : JSON.stringify(s.effectOfLine)}`);

describe("effectOfLine", () => {
  it("credits each line with what it did; changed stays the previous line's effect", async () => {
    const trace = await python.trace({ program: "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n", call: "f(2)" });
    expect(effects(trace)).toEqual([
      'call L1 {"n":"2"} => {}',
      'line L2 {} => {"s":"0"}',
      'line L3 {"s":"0"} => {"i":"0"}',
      'line L4 {"i":"0"} => {}',
      'line L3 {} => {"i":"1"}',
      'line L4 {"i":"1"} => {"s":"1"}',
      'line L3 {"s":"1"} => {}',
      'line L5 {} => {}',
      "return L5 {} => ?",
    ]);
  });

  it("a line that calls a function gets the result's assignment once control is back in its frame", async () => {
    const program = "def g(x):\n    return x * 10\n\ndef f(a):\n    y = g(a)\n    z = y + 1\n    return z\n";
    const trace = await python.trace({ program, call: "f(4)" });
    const fSteps = trace.steps.filter((s) => s.frame === "f");
    expect(fSteps.find((s) => s.line === 5 && s.event === "line")?.effectOfLine).toEqual({ y: "40" });
    expect(fSteps.find((s) => s.line === 6 && s.event === "line")?.effectOfLine).toEqual({ z: "41" });
    // g's own line: its frame's next step is its return, which changed nothing.
    expect(trace.steps.find((s) => s.frame === "g" && s.event === "line")?.effectOfLine).toEqual({});
  });

  it("is left out where the per-line cap hid lines, never guessed", async () => {
    const program = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    t = s * 2\n    return t\n";
    const trace = await python.trace({ program, call: "f(10)", caps: { maxStatesPerLine: 3 } });
    const loopLine = trace.steps.filter((s) => s.line === 4);
    expect(loopLine).toHaveLength(3);
    // Before the cap silenced a line, effects are exact; after, the frame's next step merges hidden lines.
    // (s += 0 leaves s as it was.) The loop header's third stored step reaches the cap: from there on, unknown.
    expect(loopLine[0].effectOfLine).toEqual({});
    expect(loopLine[1].effectOfLine).toEqual({ s: "1" });
    const capReached = trace.steps.filter((s) => s.line === 3)[2].step;
    expect(trace.steps.filter((s) => s.step >= capReached).map((s) => s.effectOfLine)).toEqual(trace.steps.filter((s) => s.step >= capReached).map(() => undefined));
    expect(trace.steps.filter((s) => s.step < capReached).every((s) => s.effectOfLine !== undefined)).toBe(true);
    expect(trace.returned).toBe("90");
  });

  it("a line that raises: its effect is what it did before raising; a cut trace leaves the last state unknown", async () => {
    const raising = await python.trace({ program: "def f(x):\n    y = x + 1\n    return y / 0\n", call: "f(1)" });
    expect(raising.steps.find((s) => s.line === 2)?.effectOfLine).toEqual({ y: "2" });
    expect(raising.steps.find((s) => s.line === 3 && s.event === "line")?.effectOfLine).toEqual({});
    const cut = await python.trace({ program: "def f():\n    i = 0\n    while True:\n        i += 1\n", call: "f()", caps: { maxSteps: 6 } });
    expect(cut.truncated).toBe(true);
    expect(cut.steps.at(-1)?.effectOfLine).toBeUndefined();
  });
});

describe("tracetune trace (text)", () => {
  it("shows each line's effect on that line, and a call's arguments on the def line", () => {
    const program = join(dir, "f.py");
    writeFileSync(program, "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", join(dir, "data"), "trace", "--program", program, "--call", "f(2)"], { encoding: "utf8", timeout: 120_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
      "   0 f:1 call  n=2",
      "   1 f:2 line  s=0",
      "   2 f:3 line  i=0",
      "   3 f:4 line",
    ]);
    expect(run.stdout).toContain("   5 f:4 line  s=1\n");
    expect(run.stdout).toContain("returned 1");
  }, 120_000);
});
