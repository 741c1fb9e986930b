import type { RoundCalibration, RoundSettings } from "../../api/roundsApi.js";

/**
 * The planner's arithmetic (docs/rounds.md, "Planner"): a round's wall time from the calibration's rates.
 * Each repair call (one task's batch) pays one prompt build (it traces the failing test); each sample pays
 * its tokens at the measured rate of parallel decoding, and one sandbox verification.
 */
export function estimateRoundTime(options: {
  calibration: RoundCalibration;
  settings: Pick<RoundSettings, "k" | "hardN" | "evalN" | "maxTokens" | "traceFormat">;
  /** Tasks whose hard-set estimate is still to be sampled (reused ones excluded when known). */
  estimateTasks: number;
  /** Hard tasks, or null while the hard set is not known (then every candidate counts: an upper bound). */
  hardTasks: number | null;
  candidates: number;
  devTasks: number;
}): { estimateMs: number; isUpperBound: boolean; samples: { hardSet: number; candidates: number; devCheck: number } } {
  const { calibration, settings, estimateTasks, hardTasks, candidates, devTasks } = options;
  const tokensPerSample = Math.min(settings.maxTokens, calibration.tokensPerSample);
  const conditions = settings.traceFormat === "none" ? 1 : 2;
  const samples = {
    hardSet: estimateTasks * settings.hardN,
    candidates: (hardTasks ?? candidates) * settings.k,
    devCheck: settings.evalN > 0 ? devTasks * settings.evalN * conditions : 0,
  };
  const batches = estimateTasks + (hardTasks ?? candidates) + (settings.evalN > 0 ? devTasks * conditions : 0);
  const total = samples.hardSet + samples.candidates + samples.devCheck;
  const decodeMs = calibration.tokensPerSecond > 0 ? ((total * tokensPerSample) / calibration.tokensPerSecond) * 1000 : 0;
  const verifyMs = calibration.verificationsPerSecond > 0 ? (total / calibration.verificationsPerSecond) * 1000 : 0;
  return { estimateMs: Math.round(batches * calibration.promptMsPerTask + decodeMs + verifyMs), isUpperBound: hardTasks === null, samples };
}
