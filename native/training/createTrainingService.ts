import type { TrainingApi, TrainingPoint } from "../api/trainingApi.js";
import type { CoreContext } from "../core/CoreContext.js";
import { RunStore } from "../rounds/node/RunStore.js";
import { setRunModel } from "../rounds/setRunModel.js";
import { prepareTraining, runTraining, type LocateTools } from "./node/trainFromExport.js";

/** Points and log lines are pushed at most this often per job (a tiny model prints ~100 batches a second). */
const PUSH_INTERVAL_MS = 250;

/**
 * The training feature: checks and estimates before anything runs (a refusal is the call's error, not a
 * failed job), then trains as a job whose progress counts batches over all epochs; live points and log
 * lines go out as throttled `training` events.
 */
export function createTrainingService(context: CoreContext, options: { locateTools: LocateTools }): TrainingApi {
  const { locateTools } = options;
  return {
    async estimateTraining(args) {
      return (await prepareTraining({ ...args, dataDir: context.dataDir, locateTools, isEstimateOnly: true })).estimate;
    },

    async startTraining(args) {
      // A run to register with must exist before anything trains (throws unknown_run naming it).
      if (args.run) await new RunStore({ dataDir: context.dataDir }).readRun(args.run);
      const prepared = await prepareTraining({ ...args, dataDir: context.dataDir, locateTools });
      const quantizeBinary = (await locateTools()).binaries["llama-quantize"] ?? null;
      const { id } = context.jobs.start({ kind: "training.train", title: `Training ${prepared.base} (${prepared.trainer})` }, async (job) => {
        let points: TrainingPoint[] = [];
        let lines: string[] = [];
        let lastPush = 0;
        const push = (isFinal: boolean) => {
          if (!isFinal && Date.now() - lastPush < PUSH_INTERVAL_MS) return;
          if (points.length === 0 && lines.length === 0) return;
          lastPush = Date.now();
          context.emit("training", { jobId: id, points, logLines: lines });
          points = [];
          lines = [];
        };
        const epochs = prepared.estimate.epochs;
        let trainBatches = 0;
        let valBatches = 0;
        try {
          const result = await runTraining({
            prepared, quantizeBinary, signal: job.signal,
            onPoint: (point) => {
              if (point.phase === "train") trainBatches = point.batches;
              else valBatches = point.batches;
              const perEpoch = trainBatches + valBatches;
              const done = (point.epoch - 1) * perEpoch + (point.phase === "train" ? point.batch : trainBatches + point.batch);
              job.progress(done, epochs * perEpoch);
              points.push(point);
              // An epoch's last batch always goes out at once: the chart's per-epoch points.
              push(point.batch === point.batches);
            },
            onLogLine: (line) => {
              lines.push(line);
              push(false);
            },
          });
          if (!args.run) return result;
          // The run's next round samples from the result: the quantised copy, or the base with the adapter.
          const model = result.kind === "model" ? { kind: "model" as const, path: result.quantized ?? result.out, loraAdapters: [] } : { kind: "model" as const, path: result.base, loraAdapters: [result.out] };
          await setRunModel({ dataDir: context.dataDir, run: args.run, model, by: "trainer" });
          return { ...result, registered: { run: args.run, model } };
        } finally {
          push(true);
        }
      });
      return { jobId: id };
    },
  };
}
