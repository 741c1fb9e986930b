// Verdict integrity, generated: 320 distinct hostile programs from route × payload × when × test shape
// (generateHostilePrograms.ts), drawn from a fixed seed, each followed in the same interpreter by a plainly wrong
// and a plainly right program for the same tests. Invariant: no hostile program passes, the wrong one right
// after it fails, the right one passes.
// TRACETUNE_FUZZ_SEED=<number> adds a run with that seed (to replay one); any other value adds a random seed.
// The seed is in every failure message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PythonRuntime } from "../../../../native/python/index.js";
import { generateHostilePrograms, type GeneratedCase } from "./generateHostilePrograms.js";
import { describeResult, seededRandom, startIntegrityRuntime, type IntegrityResult } from "./integrityFixtures.js";

const FIXED_SEED = 4_051_917;
const fuzz = process.env.TRACETUNE_FUZZ_SEED;
const seeds = [FIXED_SEED, ...(fuzz ? [/^\d+$/.test(fuzz) ? Number(fuzz) : Math.floor(Math.random() * 2 ** 31)] : [])];

let python: PythonRuntime;
beforeAll(async () => {
  python = await startIntegrityRuntime();
});
afterAll(async () => {
  await python?.dispose();
});

function problemsOf(cases: readonly GeneratedCase[], results: readonly IntegrityResult[]): Array<{ text: string; program: string }> {
  return cases.flatMap((c, i) => {
    const [hostile, wrong, right] = results.slice(3 * i, 3 * i + 3);
    const found: string[] = [];
    if (hostile.verdict === "pass") found.push(`the hostile program passed (${describeResult(hostile)})`);
    if (wrong.verdict !== "fail") found.push(`the plainly wrong program right after it got ${describeResult(wrong)}`);
    if (right.verdict !== "pass") found.push(`the plainly right program after that got ${describeResult(right)}`);
    return found.length ? [{ text: `#${i} ${c.label}: ${found.join("; ")}`, program: `${c.hostile.program}--- tests ---\n${c.hostile.tests}` }] : [];
  });
}

describe("verdict integrity on generated hostile programs", () => {
  for (const seed of seeds) {
    it(`seed ${seed}: no hostile program passes, and the programs after each get their verdicts`, async () => {
      const cases = generateHostilePrograms(seededRandom(seed));
      expect(cases.length, `seed ${seed}`).toBeGreaterThanOrEqual(300);
      expect(new Set(cases.map((c) => c.hostile.program + c.hostile.tests)).size, `seed ${seed}: programs are not distinct`).toBe(cases.length);
      const results = await python.verifyMany(cases.flatMap((c) => [c.hostile, c.nextWrong, c.nextRight]));
      const problems = problemsOf(cases, results);
      const shown = problems.slice(0, 3).map((p) => `${p.text}\n--- program ---\n${p.program}`).join("\n\n");
      expect(problems.map((p) => p.text), `seed ${seed} (replay: TRACETUNE_FUZZ_SEED=${seed}): ${problems.length} of ${cases.length} cases broke the invariant; the first:\n\n${shown}`).toEqual([]);
    }, 240_000);
  }
});
