import { describe, expect, it } from "vitest";
import { sampleSeed, taskSeed } from "../../../native/rounds/common/sampleSeed.js";
import { seededShuffle } from "../../../native/common/seededShuffle.js";

describe("sample seeds", () => {
  it("are f(runSeed, round, task, index) = taskSeed + index, so a task's tail resumes with the same seeds", () => {
    const base = taskSeed({ runSeed: 1, round: 2, taskId: "demo/average" });
    expect(base).toBeGreaterThanOrEqual(0);
    expect(base).toBeLessThan(2 ** 30);
    for (const sampleIndex of [0, 1, 31]) expect(sampleSeed({ runSeed: 1, round: 2, taskId: "demo/average", sampleIndex })).toBe(base + sampleIndex);
    expect(sampleSeed({ runSeed: 1, round: 2, taskId: "demo/average", sampleIndex: 5 })).toBe(sampleSeed({ runSeed: 1, round: 2, taskId: "demo/average", sampleIndex: 5 }));
  });

  it("differ between runs, rounds and tasks", () => {
    const seeds = new Set([
      taskSeed({ runSeed: 1, round: 1, taskId: "demo/average" }),
      taskSeed({ runSeed: 2, round: 1, taskId: "demo/average" }),
      taskSeed({ runSeed: 1, round: 2, taskId: "demo/average" }),
      taskSeed({ runSeed: 1, round: 1, taskId: "demo/clamp" }),
    ]);
    expect(seeds.size).toBe(4);
  });
});

describe("seededShuffle", () => {
  it("is a permutation that the same seed reproduces and another seed changes", () => {
    const items = Array.from({ length: 30 }, (_, i) => `t${i}`);
    const a = seededShuffle(items, 7);
    expect([...a].sort()).toEqual([...items].sort());
    expect(seededShuffle(items, 7)).toEqual(a);
    expect(seededShuffle(items, 8)).not.toEqual(a);
    expect(a).not.toEqual(items);
  });
});
