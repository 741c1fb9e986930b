import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

// The tracer reprs long values only up to the cut (issue 14, tracer.py _trace_repr): the text must stay what
// the full repr cut at maxReprLength gives, for containers past 64 items (shown from their first 64 and "…"),
// long containers under 64 items, and long strings with and without quotes.
let python: PythonRuntime;
beforeAll(async () => {
  await ensureSandboxBuilt();
  python = await PythonRuntime.start({ size: 1, spares: 0 });
});
afterAll(async () => {
  await python?.dispose();
});

const cut = (text: string, limit = 100) => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("tracer: long values", () => {
  it("shows the same cut text as the full repr", async () => {
    const program = [
      "def f():",
      "    t = tuple(range(100))",
      "    d = {i: i for i in range(70)}",
      "    l = [str(i) * 3 for i in range(40)]",
      "    s = 'ab' * 80",
      "    q = \"it's\" * 40",
      "    small = [1, (2, 3)]",
      "    return 0",
      "",
    ].join("\n");
    const trace = await python.trace({ program, call: "f()" });
    const last = trace.steps[trace.steps.length - 1];
    expect(last.event).toBe("return");
    const seen: Record<string, string> = {};
    for (const step of trace.steps) Object.assign(seen, step.changed);
    expect(seen).toEqual({
      t: cut(`[${range(64).join(", ")}, …]`), // a tuple past 64 items shows as a list of its first 64
      d: cut(`{${range(64).map((i) => `${i}: ${i}`).join(", ")}, …}`),
      l: cut(`[${range(40).map((i) => `'${String(i).repeat(3)}'`).join(", ")}]`),
      s: cut(`'${"ab".repeat(80)}'`),
      q: cut(`"${"it's".repeat(40)}"`),
      small: "[1, (2, 3)]",
    });
  });
});
