import type { RoundCalibration, RoundSettings } from "../../api/roundsApi.js";

/** The planner's rates (a calibration, with tokens per sample maybe replaced by what the round's samples had). */
export type RoundRates = Pick<RoundCalibration, "promptMsPerTask" | "promptEvalMs" | "parallelSequences" | "stepMs" | "tokensPerSample" | "verificationsPerSecond">;

/** A repair call (one task's samples of one stage) the round finished, timed: what the estimate learns from. */
export interface TimedBatch {
  /** Samples the call drew. */
  samples: number;
  /** Their completion tokens, all together. */
  tokens: number;
  /** Wall time from the end of the batch before (or the stage's start) to its last sample's record. */
  ms: number;
}

/** What the round has done so far, for an estimate made while it runs. */
export interface RoundSoFar {
  /** The round's time so far (calibration included), at the end of its last timed batch. */
  elapsedMs: number;
  /** Batches finished since this session started (a resumed round's earlier ones are in `elapsedMs` only). */
  batches: TimedBatch[];
  /** While the hard set is not known: the tasks estimated so far and how many of them came out hard. */
  judged?: { tasks: number; hard: number };
}

/**
 * ms for one repair call of `samples` samples (docs/rounds.md, "Planner"): one prompt build (it traces the failing
 * test), one prompt evaluation by the model (the sampler evaluates the prompt once and copies it to the other
 * sequences), then decoding in waves of `parallelSequences` sequences in lockstep, each wave as many steps as a
 * completion's tokens at that wave width's step cost, then one sandbox verification per sample.
 */
export function estimateBatchMs(rates: RoundRates, samples: number, tokensPerSample: number): number {
  let decodeMs = 0;
  for (let left = samples; left > 0; left -= rates.parallelSequences) decodeMs += stepMsAt(rates, Math.min(rates.parallelSequences, left)) * tokensPerSample;
  const verifyMs = rates.verificationsPerSecond > 0 ? (samples / rates.verificationsPerSecond) * 1000 : 0;
  return rates.promptMsPerTask + rates.promptEvalMs + decodeMs + verifyMs;
}

/**
 * ms of one decode step with `width` sequences: measured at that width, else on the line through the two nearest
 * measured widths (a batched step costs a fixed part plus a part per sequence), else, with one width measured,
 * that step's cost per sequence times `width`.
 */
export function stepMsAt(rates: Pick<RoundRates, "stepMs">, width: number): number {
  const points = [...rates.stepMs].sort((a, b) => a.width - b.width);
  const exact = points.find((point) => point.width === width);
  if (exact) return exact.ms;
  if (points.length === 0) return 0;
  if (points.length === 1) return (points[0].ms / points[0].width) * width;
  const upper = points.findIndex((point) => point.width > width);
  const [a, b] = upper <= 0 ? (upper === 0 ? [points[0], points[1]] : [points[points.length - 2], points[points.length - 1]]) : [points[upper - 1], points[upper]];
  return Math.max(0, a.ms + ((b.ms - a.ms) * (width - a.width)) / (b.width - a.width));
}

/**
 * The planner's estimate of a round's wall time, in ms (docs/rounds.md, "Planner"): what is left, priced per repair
 * call by estimateBatchMs, plus `soFar.elapsedMs`.
 * - Hard set: `estimateTasks` calls of `hardN` samples; candidates: one call of `k` per hard task; dev check:
 *   one call of `evalN` per dev task and trace condition.
 * - Hard tasks: `hardTasks` when known; else, once some tasks are judged (`soFar.judged`), the ones found hard plus
 *   the rest at the expected share (h + 1) / (n + 2) (the mean of a uniform prior updated by n tasks, h hard: so one
 *   task's verdict never counts all or none of the rest); else every candidate (an upper bound).
 * - Once the round has timed batches of its own (`soFar.batches`), tokens per sample are theirs, and each kind of
 *   call left is scaled by the measured over the modelled time of the round's calls of the same size (of all its
 *   calls while it has none of that size): the calibration's rates are seconds of decoding on one task, the round's
 *   calls are this round's machine, load and completions.
 */
export function estimateRoundTime(options: {
  calibration: RoundRates;
  settings: Pick<RoundSettings, "k" | "hardN" | "evalN" | "maxTokens" | "traceFormat">;
  /** Tasks whose hard-set estimate is still to be sampled (reused ones excluded when known). */
  estimateTasks: number;
  /** Hard tasks still to sample, or null while the hard set is not known. */
  hardTasks: number | null;
  /** Tasks the hard set is drawn from (all of them, judged or not): with hardTasks null, the most that can be hard. */
  candidates: number;
  /** Dev tasks still to check (0 when the dev check is done). */
  devTasks: number;
  soFar?: RoundSoFar;
}): { estimateMs: number; isUpperBound: boolean; samples: { hardSet: number; candidates: number; devCheck: number } } {
  const { calibration, settings, estimateTasks, hardTasks, candidates, devTasks, soFar } = options;
  const timed = soFar?.batches ?? [];
  const timedSamples = timed.reduce((sum, batch) => sum + batch.samples, 0);
  const tokensPerSample = Math.min(settings.maxTokens, timedSamples > 0 ? timed.reduce((sum, batch) => sum + batch.tokens, 0) / timedSamples : calibration.tokensPerSample);
  const judged = soFar?.judged;
  const isUpperBound = hardTasks === null && !(judged && judged.tasks > 0);
  const expectedHard = hardTasks ?? (judged && judged.tasks > 0 ? judged.hard + Math.max(0, candidates - judged.tasks) * ((judged.hard + 1) / (judged.tasks + 2)) : candidates);
  const conditions = settings.traceFormat === "none" ? 1 : 2;
  const devCalls = settings.evalN > 0 ? devTasks * conditions : 0;
  const samples = { hardSet: estimateTasks * settings.hardN, candidates: Math.round(expectedHard * settings.k), devCheck: devCalls * settings.evalN };
  // Each kind of call left at its modelled time, times the measured / modelled time of the round's calls of the same
  // size (the same waves) when it has timed some, else of all its timed calls.
  const left = (calls: number, size: number) => (calls > 0 ? calls * estimateBatchMs(calibration, size, tokensPerSample) * measuredOverModelled(calibration, timed, size) : 0);
  const leftMs = left(estimateTasks, settings.hardN) + left(expectedHard, settings.k) + left(devCalls, settings.evalN);
  return { estimateMs: Math.round((soFar?.elapsedMs ?? 0) + leftMs), isUpperBound, samples };
}

/** Measured over modelled time of the timed calls of `size` samples, else of all timed calls; 1 with none timed. */
function measuredOverModelled(rates: RoundRates, timed: TimedBatch[], size: number): number {
  const same = timed.filter((batch) => batch.samples === size);
  const batches = same.length > 0 ? same : timed;
  const modelledMs = batches.reduce((sum, batch) => sum + estimateBatchMs(rates, batch.samples, batch.samples > 0 ? batch.tokens / batch.samples : 0), 0);
  const measuredMs = batches.reduce((sum, batch) => sum + batch.ms, 0);
  return modelledMs > 0 && measuredMs > 0 ? measuredMs / modelledMs : 1;
}
