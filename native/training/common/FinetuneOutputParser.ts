import type { TrainingEpoch, TrainingPoint } from "../../api/trainingApi.js";

/**
 * ggml-opt's progress bar (ggml_opt_epoch_callback_progress_bar), which upstream llama-finetune and the
 * LoRA forks print to stderr, one update per batch, ended by "\r":
 *   `train: [███▉    ] data=0000080/0000090 loss=1.50770±0.01966 acc=57.03±0.49% t=00:00:00 ETA=00:00:00`
 * The uncertainty is "nan" for the first batch of a phase. Measured on llama.cpp v0.4.0 (docs/training.md).
 */
const PROGRESS = /^(train|val):\s*\[[^\]]*\]\s*data=(\d+)\/(\d+)\s+loss=([-\d.e+]+|nan|inf)(?:±([-\d.e+]+|nan|inf))?\s+acc=([-\d.e+]+|nan)(?:±([-\d.e+]+|nan))?%\s+t=(\d+):(\d+):(\d+)\s+ETA=(\d+):(\d+):(\d+)/;
/** Upstream logs `epoch N lr=X` (0-based) before each training batch; the fork logs `Starting epoch N`. */
const EPOCH = /\b(?:Starting )?epoch (\d+)(?: lr=([-\d.e+]+))?/;

function toNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Turns a trainer's stderr into training points (one per progress update) and per-epoch results. Feed it
 * chunks as they arrive; it splits on both "\n" and "\r" and keeps a partial line for the next chunk.
 */
export class FinetuneOutputParser {
  private pending = "";
  private epochIndex = 0;
  private sawEpochLine = false;
  private lastTrainDone = 0;
  private readonly epochs = new Map<number, TrainingEpoch>();
  /** Lines that are not progress updates (the log). */
  readonly logLines: string[] = [];

  /** Returns the points parsed from this chunk, in order. */
  push(chunk: string): TrainingPoint[] {
    const parts = (this.pending + chunk).split(/[\r\n]/);
    this.pending = parts.pop() ?? "";
    return parts.flatMap((line) => this.parseLine(line));
  }

  /** Parses what is left after the process ended. */
  end(): TrainingPoint[] {
    const rest = this.pending;
    this.pending = "";
    return rest ? this.parseLine(rest) : [];
  }

  /** One entry per epoch that finished its training pass, 1-based, with the validation loss when there was a validation pass. */
  results(): TrainingEpoch[] {
    return [...this.epochs.values()].sort((a, b) => a.epoch - b.epoch);
  }

  private parseLine(raw: string): TrainingPoint[] {
    const line = raw.trim();
    if (!line) return [];
    const progress = PROGRESS.exec(line);
    if (!progress) {
      const epoch = EPOCH.exec(line);
      if (epoch) {
        this.epochIndex = Number(epoch[1]);
        this.sawEpochLine = true;
      } else {
        this.logLines.push(line);
      }
      return [];
    }
    const phase = progress[1] as "train" | "val";
    const done = Number(progress[2]);
    const total = Number(progress[3]);
    // Without epoch log lines (a trainer that prints none), a training pass restarting at batch 1 is a new epoch.
    if (!this.sawEpochLine && phase === "train" && done < this.lastTrainDone) this.epochIndex += 1;
    if (phase === "train") this.lastTrainDone = done;
    const seconds = (h: string, m: string, s: string) => (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
    const point: TrainingPoint = {
      phase,
      epoch: this.epochIndex + 1,
      batch: done,
      batches: total,
      loss: toNumber(progress[4]),
      lossUncertainty: toNumber(progress[5]),
      accuracy: toNumber(progress[6]) === null ? null : toNumber(progress[6])! / 100,
      elapsedMs: seconds(progress[8], progress[9], progress[10]),
      etaMs: seconds(progress[11], progress[12], progress[13]),
    };
    if (done === total) {
      const epoch = this.epochs.get(point.epoch) ?? { epoch: point.epoch, loss: null, accuracy: null };
      if (phase === "train") Object.assign(epoch, { loss: point.loss, accuracy: point.accuracy });
      else Object.assign(epoch, { valLoss: point.loss, valAccuracy: point.accuracy });
      this.epochs.set(point.epoch, epoch);
    }
    return [point];
  }
}
