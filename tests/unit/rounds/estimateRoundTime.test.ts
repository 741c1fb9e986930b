import { describe, expect, it } from "vitest";
import type { RoundCalibration } from "../../../native/api/roundsApi.js";
import { estimateRoundTime } from "../../../native/rounds/common/estimateRoundTime.js";

const calibration: RoundCalibration = { key: "k", tokensPerSecond: 100, tokensPerSample: 50, verificationsPerSecond: 10, promptMsPerTask: 200, measuredAt: "", isReused: false };
const settings = { k: 4, hardN: 2, evalN: 1, maxTokens: 512, traceFormat: "next" as const };

describe("estimateRoundTime", () => {
  it("prices each batch's prompt, each sample's tokens at the measured rate and its verification", () => {
    const estimate = estimateRoundTime({ calibration, settings, estimateTasks: 3, hardTasks: 2, candidates: 3, devTasks: 1 });
    // Samples: hard set 3×2, candidates 2×4, dev 1×1×2 conditions = 16; batches 3 + 2 + 2 = 7.
    expect(estimate.samples).toEqual({ hardSet: 6, candidates: 8, devCheck: 2 });
    expect(estimate.estimateMs).toBe(7 * 200 + (16 * 50 / 100) * 1000 + (16 / 10) * 1000);
    expect(estimate.isUpperBound).toBe(false);
  });

  it("is an upper bound while the hard set is unknown (every candidate counted hard), and skips a dev check of n 0", () => {
    const estimate = estimateRoundTime({ calibration, settings: { ...settings, evalN: 0 }, estimateTasks: 3, hardTasks: null, candidates: 3, devTasks: 5 });
    expect(estimate).toMatchObject({ isUpperBound: true, samples: { hardSet: 6, candidates: 12, devCheck: 0 } });
  });
});
