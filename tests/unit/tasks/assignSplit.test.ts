import { describe, expect, it } from "vitest";
import { assignSplit, mbppSplit } from "../../../native/tasks/common/assignSplit.js";

describe("assignSplit", () => {
  it("is a pure function of seed and source id (frozen: same answer every time)", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `task-${i}`);
    const first = ids.map((sourceId) => assignSplit({ seed: 7, sourceId }));
    const again = ids.map((sourceId) => assignSplit({ seed: 7, sourceId }));
    expect(again).toEqual(first);
    const otherSeed = ids.map((sourceId) => assignSplit({ seed: 8, sourceId }));
    expect(otherSeed).not.toEqual(first);
  });

  it("follows the 80/10/10 proportions closely on many ids", () => {
    const counts = { train: 0, dev: 0, test: 0, prompt: 0 };
    for (let i = 0; i < 20_000; i += 1) counts[assignSplit({ seed: 42, sourceId: `id/${i}` })] += 1;
    expect(counts.train / 20_000).toBeGreaterThan(0.78);
    expect(counts.train / 20_000).toBeLessThan(0.82);
    expect(counts.dev / 20_000).toBeGreaterThan(0.085);
    expect(counts.test / 20_000).toBeGreaterThan(0.085);
    expect(counts.prompt).toBe(0);
  });
});

describe("mbppSplit", () => {
  it("uses the official MBPP ranges and never puts a test-range id in train", () => {
    expect([1, 10].map(mbppSplit)).toEqual(["prompt", "prompt"]);
    expect([11, 510].map(mbppSplit)).toEqual(["test", "test"]);
    expect([511, 600, 601, 974].map(mbppSplit)).toEqual(["train", "train", "train", "train"]);
    expect([601, 974].map(mbppSplit)).toEqual(["train", "train"]);
    for (let id = 1; id <= 510; id += 1) expect(mbppSplit(id)).not.toBe("train");
  });
});
