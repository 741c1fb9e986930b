import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { computeExpectedOutputs } from "../../../native/tasks/importers/computeExpectedOutputs.js";
import { readHumanEvalPackRecord } from "../../../native/tasks/importers/parseHumanEvalPack.js";
import { buildExecRequest } from "../../../native/tasks/validation/buildExecRequest.js";
import { runTaskTests } from "../../../native/tasks/validation/runTaskTests.js";
import { datasetsDir } from "../../datasetsDir.js";

const datasets = datasetsDir;
let runtime: PythonRuntime;
beforeAll(async () => {
  runtime = await PythonRuntime.start();
});
afterAll(async () => {
  await runtime?.dispose();
});

describe("runTaskTests on io tests", () => {
  it("finds exactly the failing cases the runtime's one-assert-per-case run finds (HumanEval/1, 46, 58 buggy)", async () => {
    const plus = gunzipSync(readFileSync(`${datasets}/HumanEvalPlus.jsonl.gz`)).toString("utf8").split("\n");
    const pack = readFileSync(`${datasets}/humanevalpack-python.jsonl`, "utf8").split("\n");
    for (const number of [1, 46, 58]) {
      const record = readHumanEvalPackRecord(JSON.parse(pack[number]));
      const { cases } = await computeExpectedOutputs({ runtime, rawLine: plus[number] });
      const task = { entryPoint: record.entryPoint, tests: { kind: "io" as const, atol: 0, comparator: "equal" as const, cases: cases.slice(0, 150) } };
      const program = record.declaration + record.buggySolution;
      const oracle = await runtime.exec(buildExecRequest({ task, program }));
      const outcome = await runTaskTests({ runtime, task, program });
      expect(outcome.failing).toEqual(oracle.tests.filter((t) => !t.passed).map((t) => t.index));
      expect(outcome.failing.length).toBeGreaterThan(0);
      expect(outcome.firstFailure!.source).toBe(oracle.tests.find((t) => !t.passed)!.source);
      const reference = await runTaskTests({ runtime, task, program: record.declaration + record.canonicalSolution });
      expect(reference).toMatchObject({ verdict: "pass", failing: [] });
    }
  });

  it("reports a raising case as an error with its message, and a hung program as a timeout", async () => {
    const task = { entryPoint: "f", tests: { kind: "io" as const, atol: 0, comparator: "equal" as const, cases: [{ args: "[1]", expected: "2" }, { args: "[0]", expected: "1" }] } };
    const raising = await runTaskTests({ runtime, task, program: "def f(x):\n    return 2 // x\n" });
    expect(raising).toMatchObject({ verdict: "error", failing: [1], firstFailure: { index: 1, source: "assert f(*[0]) == 1", error: expect.stringMatching(/^ZeroDivisionError: /) } });
    const hung = await runTaskTests({ runtime, task, program: "def f(x):\n    while True:\n        pass\n", limits: { timeoutMs: 1500 } });
    expect(hung.verdict).toBe("timeout");
  });

  it("keeps a huge output as a sha256 of its repr (and an int over 4300 digits, which would not parse back)", async () => {
    const rawLine = JSON.stringify({
      task_id: "HumanEval/999", entry_point: "big", prompt: "def big(n, kind):\n", canonical_solution: "    return 'ab' * n if kind == 's' else 7 ** n\n",
      base_input: [[3, "s"], [50000, "s"], [6000, "i"]], plus_input: [], atol: 0,
    });
    const { cases } = await computeExpectedOutputs({ runtime, rawLine });
    expect(cases[0]).toEqual({ args: "[3, 's']", expected: "'ababab'" });
    expect(cases[1]).toMatchObject({ expected: "<str, 100002 characters>", expectedSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(cases[2]).toMatchObject({ expected: expect.stringMatching(/^<int, \d+ characters>$/), expectedSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const task = { entryPoint: "big", tests: { kind: "io" as const, atol: 0, comparator: "equal" as const, cases } };
    expect(await runTaskTests({ runtime, task, program: "def big(n, kind):\n    return 'ab' * n if kind == 's' else 7 ** n\n" })).toMatchObject({ verdict: "pass" });
    const wrong = await runTaskTests({ runtime, task, program: "def big(n, kind):\n    return 'ab' * n if kind == 's' else 7 ** n + 1\n" });
    expect(wrong).toMatchObject({ verdict: "fail", failing: [2] });
    const perCase = await runtime.exec(buildExecRequest({ task, program: "def big(n, kind):\n    return 'ba' * n if kind == 's' else 7 ** n\n" }));
    expect(perCase.tests.map((t) => t.passed)).toEqual([false, false, true]);
  });
});
