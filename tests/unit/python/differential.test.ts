// Differential test (issue 4): on a few hundred real programs, the sandbox's verdicts equal those of the
// machine's own python3 running the same program and tests.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { humanEvalPackSamples, mbppSamples, type Sample } from "./differentialSamples.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";
import { mapConcurrently, runWithPython3 } from "./runWithPython3.js";

const hasPython3 = (() => {
  try {
    execFileSync("python3", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

let python: PythonRuntime;
beforeAll(async () => {
  await ensureSandboxBuilt();
  python = await PythonRuntime.start({ size: 2, spares: 0 });
});
afterAll(async () => {
  await python?.dispose();
});

async function compare(samples: Sample[]) {
  const timeoutMs = 5000;
  const ours = await python.verifyMany(samples.map((s) => ({ ...s.request, limits: { timeoutMs } })));
  const theirs = await mapConcurrently(samples, 2, (s) => runWithPython3({ script: s.script, timeoutMs }));
  const mismatches = samples.flatMap((s, i) => (ours[i].verdict === theirs[i] ? [] : [`${s.id}: sandbox ${ours[i].verdict} (${ours[i].error?.type ?? ""}), python3 ${theirs[i]}`]));
  const counts: Record<string, number> = {};
  for (const r of ours) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return { mismatches, counts };
}

describe.skipIf(!hasPython3)("differential: sandbox verdicts equal python3's", () => {
  it("MBPP reference solutions (150 tasks)", async () => {
    // Task 123 alone spends ~7 s computing (a timeout on both sides, which proves little and costs much).
    const { mismatches, counts } = await compare(mbppSamples({ from: 11, count: 150, skip: [123] }));
    expect(mismatches).toEqual([]);
    expect(counts.pass).toBeGreaterThan(140);
  }, 300_000);

  it("HumanEvalPack canonical and buggy solutions (60 + 164)", async () => {
    const samples = [...humanEvalPackSamples({ which: "canonical", count: 60 }), ...humanEvalPackSamples({ which: "buggy" })];
    const { mismatches, counts } = await compare(samples);
    expect(mismatches).toEqual([]);
    // Every buggy solution fails one way or another (fail, error, timeout): the verdicts are varied.
    expect(counts.pass).toBe(60);
    expect((counts.fail ?? 0) + (counts.error ?? 0)).toBeGreaterThan(100);
  }, 600_000);
});
