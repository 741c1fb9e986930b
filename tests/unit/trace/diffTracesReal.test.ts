import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { diffTraces } from "../../../native/trace/common/diffTraces.js";
import { datasetsDir } from "../../datasetsDir.js";

/** HumanEvalPack buggy programs against their canonical solutions, on a failing test's call (reviewed by eye). */
const rows = new Map<string, { prompt: string; buggy_solution: string; canonical_solution: string }>(
  readFileSync(path.join(datasetsDir, "humanevalpack-python.jsonl"), "utf8").trim().split("\n")
    .map((line) => JSON.parse(line)).map((row) => [row.task_id, row]),
);
const cases = [
  { id: "Python/0", call: "has_close_elements([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05)", kind: "value", summary: "First divergence at state 6, line 15 of a / line 15 of b (distance = elem - elem2 / distance = abs(elem - elem2)): distance: -1.0 vs 1.0." },
  { id: "Python/2", call: "truncate_number(3.5)", kind: "value", summary: "First divergence at state 1, line 12 of a / line 12 of b (return number % 1.0 + 1.0 / return number % 1.0): __return__: 1.5 vs 0.5." },
  { id: "Python/3", call: "below_zero([1, 2, -3, 1, 2, -3])", kind: "control_flow", summary: "First divergence at state 11: control flow differs: a runs line 18 (return True) in below_zero, b runs line 15 (for op in operations:) in below_zero." },
  { id: "Python/40", call: "triples_sum_to_zero([1, 3, -2, 1])", kind: "value", summary: "First divergence at state 1, line 20 of a / line 20 of b (for i in range(1, len(l)): / for i in range(len(l)):): i: 1 vs 0." },
];

describe("differential trace of real buggy and fixed programs", () => {
  let runtime: PythonRuntime;
  beforeAll(async () => {
    runtime = await PythonRuntime.start({ size: 1, spares: 0 });
  });
  afterAll(async () => {
    await runtime?.dispose();
  });

  for (const { id, call, kind, summary } of cases) {
    it(`${id}: ${call}`, async () => {
      const row = rows.get(id)!;
      const a = row.prompt + row.buggy_solution;
      const b = row.prompt + row.canonical_solution;
      const diff = diffTraces({ a: { program: a, trace: await runtime.trace({ program: a, call }) }, b: { program: b, trace: await runtime.trace({ program: b, call }) } });
      expect(diff.kind).toBe(kind);
      expect(diff.summary).toBe(summary);
      expect(diff.outcomeA).not.toBe(diff.outcomeB);
    });
  }
});
