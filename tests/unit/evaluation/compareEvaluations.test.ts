import { describe, expect, it } from "vitest";
import type { EvaluationConfig, EvaluationResult, EvaluationSampleRecord } from "../../../native/api/index.js";
import { compareEvaluations, pairedBootstrap, seededRandom } from "../../../native/evaluation/compareEvaluations.js";
import { scoreEvaluation } from "../../../native/evaluation/scoreEvaluation.js";

function evaluation(id: string, counts: Array<[string, number, number]>, ks = [1, 5]): EvaluationResult {
  const config = { id, ks, conditions: [{ id: "next", traceFormat: "next", hintsFrom: null }] } as unknown as EvaluationConfig;
  const records = counts.flatMap(([taskId, n, c]) => Array.from({ length: n }, (_, i): EvaluationSampleRecord => ({
    condition: "next", taskId, sampleIndex: i, verdict: i < c ? "pass" : "fail", reason: null, completion: null, code: null, rationale: null, hint: null, checkScore: null, seed: null, tokens: null, line: null, failing: [], elapsedMs: 0,
  })));
  return scoreEvaluation({ config, tasks: counts.map(([taskId]) => ({ id: taskId, sourceId: taskId, bugType: null })), records, isComplete: true });
}

describe("pairedBootstrap", () => {
  it("is reproducible with a seed and brackets the mean difference", () => {
    const differences = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 1 : i % 4 === 1 ? -0.25 : 0.25));
    const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
    const one = pairedBootstrap({ differences, resamples: 5000, seed: 7, confidence: 0.95 });
    expect(pairedBootstrap({ differences, resamples: 5000, seed: 7, confidence: 0.95 })).toEqual(one);
    expect(pairedBootstrap({ differences, resamples: 5000, seed: 8, confidence: 0.95 })).not.toEqual(one);
    expect(one.low).toBeLessThan(mean);
    expect(one.high).toBeGreaterThan(mean);
    // The normal approximation's half-width, sd / sqrt(n) * 1.96, within 25 %.
    const sd = Math.sqrt(differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / differences.length);
    expect((one.high - one.low) / 2).toBeGreaterThan(0.75 * 1.96 * sd / Math.sqrt(40));
    expect((one.high - one.low) / 2).toBeLessThan(1.25 * 1.96 * sd / Math.sqrt(40));
  });

  it("collapses to a point when every pair moves the same", () => {
    expect(pairedBootstrap({ differences: [0.5, 0.5, 0.5], resamples: 1000, seed: 1, confidence: 0.9 })).toEqual({ low: 0.5, high: 0.5 });
  });

  it("draws uniform numbers in [0, 1)", () => {
    const random = seededRandom(3);
    const draws = Array.from({ length: 20000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});

describe("compareEvaluations", () => {
  it("pairs tasks scored at k in both, lists the rest, and gives other - base with an interval", () => {
    const base = evaluation("base", [["t1", 8, 0], ["t2", 8, 2], ["t3", 8, 8], ["t4", 8, 1], ["only-base", 8, 4]]);
    const other = evaluation("round-1", [["t1", 8, 4], ["t2", 8, 6], ["t3", 8, 8], ["t4", 4, 1], ["only-other", 8, 8]]);
    const at1 = compareEvaluations({ base, other, k: 1 });
    expect(at1.pairedTasks).toBe(4);
    expect(at1.onlyInBase).toEqual(["only-base"]);
    expect(at1.onlyInOther).toEqual(["only-other"]);
    expect(at1.base).toBeCloseTo((0 + 2 / 8 + 1 + 1 / 8) / 4, 12);
    expect(at1.other).toBeCloseTo((4 / 8 + 6 / 8 + 1 + 1 / 4) / 4, 12);
    expect(at1.difference).toBeCloseTo(at1.other! - at1.base!, 12);
    expect(at1.interval!.low).toBeLessThanOrEqual(at1.difference!);
    expect(at1.interval!.high).toBeGreaterThanOrEqual(at1.difference!);
    // At k = 5, t4 of the other evaluation (n = 4) cannot be scored: it is not paired.
    const at5 = compareEvaluations({ base, other });
    expect(at5.k).toBe(1);
    expect(compareEvaluations({ base, other, k: 5 }).onlyInBase).toEqual(["t4", "only-base"]);
  });

  it("names a condition that does not exist", () => {
    const base = evaluation("base", [["t1", 2, 1]]);
    expect(() => compareEvaluations({ base, other: base, baseCondition: "none" })).toThrow(/has no condition "none"/);
  });
});
