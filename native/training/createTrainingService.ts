import path from "node:path";
import type { TrainingApi, TrainingPoint, TrainingSettings, TrainOptions } from "../api/trainingApi.js";
import type { CoreContext } from "../core/CoreContext.js";
import { RunStore } from "../rounds/node/RunStore.js";
import { setRunModel } from "../rounds/setRunModel.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import { prepareTraining, runTraining, type LocateTools } from "./node/trainFromExport.js";
import { TrainingInputError } from "./trainingErrors.js";
import { applyTrainingSettings, defaultTrainingSettings } from "./trainingSettings.js";

/** Points and log lines are pushed at most this often per job (a tiny model prints ~100 batches a second). */
const PUSH_INTERVAL_MS = 250;

/**
 * The training feature: checks and estimates before anything runs (a refusal is the call's error, not a
 * failed job), then trains as a job whose progress counts batches over all epochs; live points and log
 * lines go out as throttled `training` events.
 */
export async function createTrainingService(context: CoreContext, options: { locateTools: LocateTools }): Promise<TrainingApi> {
  const { locateTools } = options;
  const store = await openJsonStore<TrainingSettings>({
    file: path.join(context.dataDir, "training-settings.json"),
    defaults: defaultTrainingSettings,
    validate: (data) => {
      try {
        applyTrainingSettings(defaultTrainingSettings, data);
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  /** The call's options over the settings' defaults; "lora" becomes the settings' trainer path. */
  const withSettings = (args: TrainOptions): TrainOptions => {
    const settings = store.data;
    let trainer = args.trainer ?? "llama-finetune";
    if (trainer === "lora") {
      if (!settings.loraTrainerPath) throw new TrainingInputError('No LoRA trainer is set: put its path in Settings (training "loraTrainerPath") or pass the path as the trainer.', { field: "trainer" });
      trainer = settings.loraTrainerPath;
    }
    return {
      ...args, trainer,
      epochs: args.epochs ?? settings.epochs, learningRate: args.learningRate ?? settings.learningRate, quantize: args.quantize ?? settings.quantize,
      corpus: args.corpus ?? settings.corpus,
      lora: { ...settings.lora, ...args.lora },
    };
  };
  return {
    getTrainingSettings: async () => structuredClone(store.data),

    async updateTrainingSettings(args) {
      const next = applyTrainingSettings(store.data, args?.patch);
      store.data = next;
      await store.write();
      return structuredClone(next);
    },

    async estimateTraining(args) {
      return (await prepareTraining({ ...withSettings(args), dataDir: context.dataDir, locateTools, isEstimateOnly: true })).estimate;
    },

    async startTraining(rawArgs) {
      const args = withSettings(rawArgs);
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
