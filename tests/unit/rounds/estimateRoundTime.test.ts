import { describe, expect, it } from "vitest";
import { estimateBatchMs, estimateRoundTime, stepMsAt, type RoundRates } from "../../../native/rounds/common/estimateRoundTime.js";

// Prompt build 200 ms and evaluation 1000 ms per call; waves of 4; a step costs 20 ms alone, 50 ms with 4 sequences.
const rates: RoundRates = { promptMsPerTask: 200, promptEvalMs: 1000, parallelSequences: 4, stepMs: [{ width: 4, ms: 50 }, { width: 1, ms: 20 }], tokensPerSample: 50, verificationsPerSecond: 10 };
const settings = { k: 4, hardN: 1, evalN: 1, maxTokens: 512, traceFormat: "next" as const };

describe("stepMsAt: a decode step's cost at a wave width", () => {
  it("takes a measured width as measured, and others on the line through the nearest two", () => {
    expect(stepMsAt(rates, 4)).toBe(50);
    expect(stepMsAt(rates, 1)).toBe(20);
    expect(stepMsAt(rates, 2)).toBe(30);
    expect(stepMsAt(rates, 8)).toBe(90);
  });

  it("with one width measured, scales its cost per sequence", () => {
    expect(stepMsAt({ stepMs: [{ width: 4, ms: 60 }] }, 2)).toBe(30);
  });
});

describe("estimateBatchMs: one repair call", () => {
  it("pays the prompt once (built, then evaluated once and copied), then each wave's steps at its width, then each verification", () => {
    // 4 samples: one wave of 4 at 50 ms a step × 50 tokens.
    expect(estimateBatchMs(rates, 4, 50)).toBe(200 + 1000 + 50 * 50 + 400);
    // 6 samples: a wave of 4 and a wave of 2 (30 ms a step), the prompt still once.
    expect(estimateBatchMs(rates, 6, 50)).toBe(200 + 1000 + 50 * 50 + 30 * 50 + 600);
  });
});

describe("estimateRoundTime", () => {
  it("prices each stage's calls at their own width: hard set of hardN, candidates of k, dev check of evalN per condition", () => {
    const estimate = estimateRoundTime({ calibration: rates, settings, estimateTasks: 3, hardTasks: 2, candidates: 3, devTasks: 1 });
    expect(estimate.samples).toEqual({ hardSet: 3, candidates: 8, devCheck: 2 });
    const hardCall = 200 + 1000 + 20 * 50 + 100;
    const candidateCall = 200 + 1000 + 50 * 50 + 400;
    expect(estimate.estimateMs).toBe(3 * hardCall + 2 * candidateCall + 2 * hardCall);
    expect(estimate.isUpperBound).toBe(false);
  });

  it("is an upper bound while nothing says which tasks are hard (every candidate counted), and skips a dev check of n 0", () => {
    const estimate = estimateRoundTime({ calibration: rates, settings: { ...settings, evalN: 0 }, estimateTasks: 3, hardTasks: null, candidates: 3, devTasks: 5 });
    expect(estimate).toMatchObject({ isUpperBound: true, samples: { hardSet: 3, candidates: 12, devCheck: 0 } });
  });

  it("once tasks are judged, counts the rest hard at the share (h + 1) / (n + 2), not all of them", () => {
    const soFar = { elapsedMs: 0, batches: [], judged: { tasks: 2, hard: 2 } };
    const estimate = estimateRoundTime({ calibration: rates, settings: { ...settings, evalN: 0 }, estimateTasks: 0, hardTasks: null, candidates: 4, devTasks: 0, soFar });
    // 2 hard + 2 more at 3/4 each.
    expect(estimate.samples.candidates).toBe(Math.round(3.5 * 4));
    expect(estimate.isUpperBound).toBe(false);
  });

  it("adds the time spent, takes tokens per sample from the round's batches and scales what is left by their measured over modelled time", () => {
    const call = estimateBatchMs(rates, 4, 100);
    // One candidate call of 4 × 100 tokens took twice what the rates give for it: the 2 left count double.
    const soFar = { elapsedMs: 30_000, batches: [{ samples: 4, tokens: 400, ms: 2 * call }] };
    const estimate = estimateRoundTime({ calibration: rates, settings: { ...settings, evalN: 0 }, estimateTasks: 0, hardTasks: 2, candidates: 3, devTasks: 0, soFar });
    expect(estimate.estimateMs).toBe(Math.round(30_000 + 2 * 2 * call));
  });

  it("scales each kind of call by the round's calls of the same size once it has some, not by calls of another size", () => {
    const hardCall = estimateBatchMs(rates, 1, 100);
    const candidateCall = estimateBatchMs(rates, 4, 100);
    // The hard-set call took 3x its model, the candidate call 1.5x: the candidate left counts at 1.5x.
    const soFar = { elapsedMs: 0, batches: [{ samples: 1, tokens: 100, ms: 3 * hardCall }, { samples: 4, tokens: 400, ms: 1.5 * candidateCall }] };
    const estimate = estimateRoundTime({ calibration: rates, settings: { ...settings, evalN: 0 }, estimateTasks: 0, hardTasks: 1, candidates: 2, devTasks: 0, soFar });
    expect(estimate.estimateMs).toBe(Math.round(1.5 * candidateCall));
  });
});
