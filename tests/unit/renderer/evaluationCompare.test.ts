import { describe, expect, it } from "vitest";
import type { EvaluationComparison, EvaluationInfo } from "../../../native/api/index.js";
import { describeComparison, evaluationLabel, percent, points, sharedKs, verdictMix } from "../../../renderer/src/components/EvaluationCompare/formatComparison.js";

const info = (id: string, passAtK: Record<string, number | null> | null): EvaluationInfo => ({
  id, setId: "demo", source: { kind: "model", path: "/models/qwen.gguf" }, conditions: ["next", "none"], createdAt: "2026-01-01T00:00:00.000Z", passAtK, isComplete: true, samples: 48, sizeBytes: 1000,
});

const comparison = (low: number, high: number, difference: number): EvaluationComparison => ({
  baseId: "a", otherId: "b", condition: { base: "next", other: "next" }, k: 1, pairedTasks: 20, onlyInBase: [], onlyInOther: [],
  base: 0.3, other: 0.3 + difference, difference, interval: { low, high, confidence: 0.95, resamples: 10000, seed: 1 }, perTask: [],
});

describe("EvaluationCompare formatting", () => {
  it("reads the interval: better only when it excludes zero", () => {
    expect(describeComparison(comparison(0.05, 0.2, 0.125))).toBe("pass@1: +12.5 pts (95 % CI +5.0 pts to +20.0 pts, 20 paired tasks): the other is better.");
    expect(describeComparison(comparison(-0.2, -0.01, -0.1))).toMatch(/the base is better\.$/);
    expect(describeComparison(comparison(-0.05, 0.1, 0.02))).toMatch(/no clear difference\.$/);
    expect(describeComparison(comparison(0, 0.1, 0.04))).toMatch(/no clear difference\.$/); // an interval touching zero includes it
    expect(describeComparison({ ...comparison(0, 0, 0), difference: null, interval: null })).toBe("No task was scored at k = 1 in both evaluations.");
  });

  it("formats fractions and points, and lists shared ks and verdicts in order", () => {
    expect(percent(0.6125)).toBe("61.3 %");
    expect(percent(null)).toBe("—");
    expect(points(0)).toBe("±0.0 pts");
    expect(points(-0.0004)).toBe("0.0 pts");
    expect(sharedKs(info("a", { "1": 0.2, "5": 0.5, "10": 0.7 }), info("b", { "10": 0.1, "1": 0.3 }))).toEqual([1, 10]);
    expect(sharedKs(info("a", null), info("b", { "1": 0.3 }))).toEqual([]);
    expect(verdictMix({ verdicts: { unparsable: 1, fail: 2, pass: 4, missing_entry_point: 1 } })).toBe("pass 4, fail 2, missing entry point 1, unparsable 1");
    expect(evaluationLabel(info("eval-1", { "1": 0.25 }))).toBe("eval-1 · demo · qwen.gguf · next, none · pass@1 25.0 %");
  });
});
