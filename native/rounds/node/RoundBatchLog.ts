import type { RepairSampler } from "../../evaluation/sampleConditions.js";
import type { RoundSoFar, TimedBatch } from "../common/estimateRoundTime.js";

/**
 * The round's repair calls as they finish, timed, for the planner's estimate while the round runs
 * (estimateRoundTime's `soFar`): each batch's samples, tokens and wall time since the batch before ended (or its
 * stage began), and, during the hard-set estimate, how many tasks were judged and how many came out hard.
 */
export class RoundBatchLog {
  readonly batches: TimedBatch[] = [];
  readonly judged = { tasks: 0, hard: 0 };
  private lastEndAt: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastEndAt = now();
  }

  /** A stage begins: its first batch is timed from here (what ran between stages is not a batch's). */
  startStage(): void {
    this.lastEndAt = this.now();
  }

  /** A batch ended now. `passes` (hard-set calls) judges its task against `hardM` when the call drew all its samples. */
  add(batch: { samples: number; tokens: number; passes?: number; hardM?: number }): void {
    const at = this.now();
    this.batches.push({ samples: batch.samples, tokens: batch.tokens, ms: at - this.lastEndAt });
    this.lastEndAt = at;
    if (batch.passes !== undefined && batch.hardM !== undefined && batch.samples > 0) {
      this.judged.tasks += 1;
      if (batch.passes / batch.samples < batch.hardM) this.judged.hard += 1;
    }
  }

  soFar(elapsedMs: number, withJudged: boolean): RoundSoFar {
    return { elapsedMs, batches: [...this.batches], ...(withJudged ? { judged: { ...this.judged } } : {}) };
  }

  /**
   * `sampler`, with each call logged as a batch when its samples are all yielded (evaluation has recorded them by
   * then); `hardM` for the hard-set estimate's calls. `onBatch` runs after each one (the round saves a new estimate).
   */
  wrap(sampler: RepairSampler, onBatch: () => void, hardM?: number): RepairSampler {
    return (call) => {
      const log = this;
      return (async function* () {
        let samples = 0;
        let tokens = 0;
        let passes = 0;
        for await (const sample of sampler(call)) {
          samples += 1;
          tokens += sample.tokens.completion ?? 0;
          if (sample.verdict === "pass") passes += 1;
          yield sample;
        }
        if (samples === 0 || call.signal.aborted) return;
        log.add({ samples, tokens, ...(hardM !== undefined && call.firstIndex === 0 && samples === call.k ? { passes, hardM } : {}) });
        onBatch();
      })();
    };
  }
}
