import { existsSync } from "node:fs";
import path from "node:path";
import type { RoundModel } from "../../api/roundsApi.js";
import type { TrainOptions } from "../../api/trainingApi.js";
import { writeExport } from "../../export/node/writeExport.js";
import { rebuildNoTracePrompt } from "../../export/node/rebuildNoTracePrompt.js";
import type { RoundTrainer } from "../../rounds/node/roundDeps.js";
import { TaskStore } from "../../tasks/TaskStore.js";
import { TrainingInputError } from "../trainingErrors.js";
import { prepareTraining, runTraining, uniqueFile, type LocateTools } from "./trainFromExport.js";

type RoundTrainingOptions = Partial<Pick<TrainOptions, "epochs" | "learningRate" | "threads" | "contextSize" | "valSplit" | "quantize" | "corpus">>;

/** A directory under `dir` named `name`, `name-2`, … that does not exist yet. */
function uniqueDir(dir: string, name: string): string {
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${name}-${n}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * The trainer rounds call between rounds (ReST-EM: from the run's base model, on every kept sample of the
 * rounds so far): exports them to `<dataDir>/exports/<run>/round-<n>`, trains the base with upstream
 * llama-finetune into `<dataDir>/trained/<run>-r<n>.gguf` (a name of its own per round), and returns the
 * quantised copy as the next round's model (the F32 stays for the record). The base must be a local F32
 * GGUF; anything else is refused naming the file, with the manual route (train with a LoRA trainer, then
 * `round set-model`).
 */
export function createRoundTrainer(options: {
  locateTools: LocateTools;
  /** Training settings (epochs, learning rate, threads, corpus, …), or where to read them at each training (the app's Settings); default: train's defaults. */
  training?: RoundTrainingOptions | (() => Promise<RoundTrainingOptions>);
}): RoundTrainer {
  return {
    /** Ready when llama-finetune is built (or the user's own build has it); rounds refuses --rounds > 1 up front otherwise. */
    async isReady() {
      const tools = await options.locateTools();
      return typeof tools.binaries["llama-finetune"] === "string" && existsSync(tools.binaries["llama-finetune"]);
    },

    async train({ dataDir, run, baseModel, rounds, signal, progress }): Promise<RoundModel> {
      if (baseModel.kind !== "model") throw new TrainingInputError(`Run "${run}" samples from an engine; training needs a local base GGUF. Train with \`tracetune train\` and set the next model with \`tracetune round set-model\`.`, { run });
      const last = Math.max(...rounds);
      const store = await TaskStore.shared({ dataDir });
      const exportDir = uniqueDir(path.join(dataDir, "exports", run), `round-${last}`);
      progress(0, null);
      await writeExport({ dataDir, store, args: { run, rounds, model: baseModel.path, out: exportDir }, rebuildPrompt: rebuildNoTracePrompt(store), signal });
      const out = uniqueFile(path.join(dataDir, "trained"), `${run}-r${last}`);
      const training = typeof options.training === "function" ? await options.training() : options.training;
      // Every kept sample so far trains the next model (ReST-EM): the export's valid split is for trainers
      // outside the app; here the run's dev check is the held-out measure.
      const prepared = await prepareTraining({ ...training, includeValid: true, exportDir, model: baseModel.path, out, dataDir, locateTools: options.locateTools });
      const tools = await options.locateTools();
      let batches = 0;
      const result = await runTraining({
        prepared, quantizeBinary: tools.binaries["llama-quantize"] ?? null, signal,
        onPoint: () => progress(++batches, null),
      });
      // A full fine-tune of the base weights: the base's own adapters (if any) do not apply to it.
      return { kind: "model", path: result.quantized ?? result.out, loraAdapters: [] };
    },
  };
}
