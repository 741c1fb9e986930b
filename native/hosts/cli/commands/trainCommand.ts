import path from "node:path";
import { Option, type Command } from "commander";
import type { TrainOptions, TrainResult } from "../../../api/index.js";
import type { Core } from "../../../core/createCore.js";
import { awaitJobResult } from "../awaitJob.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";
import { reportKeepAwake } from "./reportKeepAwake.js";

/** One line per finished epoch on stderr (the live chart's data, for a terminal or a CI log). */
function logEpochs(core: Core): () => void {
  return core.subscribe((event) => {
    if (event.topic !== "training") return;
    for (const point of event.payload.points) {
      if (point.batch !== point.batches) continue;
      const accuracy = point.accuracy === null ? "" : `, accuracy ${(point.accuracy * 100).toFixed(1)}%`;
      process.stderr.write(`epoch ${point.epoch} ${point.phase === "train" ? "train" : "valid"} loss ${point.loss?.toFixed(4) ?? "nan"}${accuracy}\n`);
    }
  });
}

function describeTraining(result: TrainResult): string {
  return [
    `Trained ${result.kind === "model" ? "model" : "adapter"} ${result.out} with ${result.trainer} in ${(result.elapsedMs / 1000).toFixed(1)} s`,
    ...result.epochs.map((epoch) => `  epoch ${epoch.epoch}: loss ${epoch.loss?.toFixed(4) ?? "n/a"}${epoch.valLoss !== undefined && epoch.valLoss !== null ? `, valid loss ${epoch.valLoss.toFixed(4)}` : ""}`),
    ...(result.contextLength !== null ? [`  context length ${result.contextLength} (the base model's, restored)`] : []),
    ...(result.quantized ? [`  for sampling: ${result.quantized} (the F32 file stays for the next round's training)`] : []),
    ...(result.registered ? [`  run ${result.registered.run} samples from ${result.registered.model.path}${result.registered.model.loraAdapters.length > 0 ? ` with ${result.registered.model.loraAdapters.join(", ")}` : ""} next`] : []),
  ].join("\n");
}

export function registerTrainCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("train")
    .description("train on an export: upstream llama-finetune (all weights of an F32 GGUF) or a LoRA trainer binary")
    .requiredOption("--export <dir>", "an export dir (tracetune export)")
    .requiredOption("--model <file>", "the base GGUF (F32 for llama-finetune)")
    .option("--trainer <name>", "llama-finetune, lora (the LoRA trainer set in the training settings), or the path of a LoRA trainer (the llama-finetune-lora fork)", "llama-finetune")
    .option("--epochs <n>", "epochs (default: the training settings', 2)", optionValue.integer({ min: 1, max: 1000 }))
    .requiredOption("--out <file>", "the trained model (F32) or adapter GGUF")
    .option("--learning-rate <x>", "AdamW learning rate (default: the training settings', 1e-4)", optionValue.number({ above: 0, max: 1 }))
    .option("--context-size <n>", "training window in tokens (default: min(512, the model's), lowered for a short corpus)", optionValue.integer({ min: 16 }))
    .option("--val-split <x>", "share of windows llama-finetune validates on (default: 0.1)", optionValue.number({ min: 0, max: 0.5 }))
    .option("--threads <n>", "CPU threads (default: physical cores)", optionValue.integer({ min: 1 }))
    .addOption(new Option("--quantize <type>", "quantised copy for sampling (default: the training settings', Q8_0)").choices(["Q8_0", "Q4_0", "none"]))
    .addOption(new Option("--corpus <kind>", "what llama-finetune trains on: chat (whole rows, prompt and answer) or completions (the answers alone; it has no prompt masking) (default: the training settings', chat)").choices(["chat", "completions"]))
    .option("--shuffle-seed <n>", "seed of the order llama-finetune's corpus rows are written in (it trains in file order and validates on the last windows; default: 1)", optionValue.integer({ min: 0, max: 2 ** 31 - 1 }))
    .option("--no-shuffle", "keep the export's row order")
    .option("--lora-rank <n>", "LoRA rank (LoRA trainers; default: 16)", optionValue.integer({ min: 1, max: 512 }))
    .option("--lora-alpha <x>", "LoRA alpha (default: 32)", optionValue.number({ min: 0.1, max: 1000 }))
    .option("--lora-modules <list>", "LoRA target modules, comma-separated (default: attn_q,attn_k,attn_v,attn_o)")
    .option("--force", "train even when the estimate exceeds this machine's memory")
    .option("--run <name>", "register the result as this run's next model (round set-model)")
    .action(async (options: { export: string; model: string; trainer: string; epochs?: number; out: string; learningRate?: number; contextSize?: number; valSplit?: number; threads?: number; quantize?: "Q8_0" | "Q4_0" | "none"; corpus?: "chat" | "completions"; shuffleSeed?: number; shuffle: boolean; loraRank?: number; loraAlpha?: number; loraModules?: string; force?: boolean; run?: string }) => {
      await runWithCore(globals(), async (core) => {
        const args: TrainOptions = {
          exportDir: path.resolve(options.export), model: path.resolve(options.model), out: path.resolve(options.out),
          trainer: options.trainer === "llama-finetune" || options.trainer === "lora" ? options.trainer : path.resolve(options.trainer),
          epochs: options.epochs, learningRate: options.learningRate, contextSize: options.contextSize, valSplit: options.valSplit, threads: options.threads,
          quantize: options.quantize, corpus: options.corpus, force: options.force === true, run: options.run,
          ...(options.shuffle === false ? { shuffleSeed: null } : options.shuffleSeed !== undefined ? { shuffleSeed: options.shuffleSeed } : {}),
          lora: { ...(options.loraRank ? { rank: options.loraRank } : {}), ...(options.loraAlpha ? { alpha: options.loraAlpha } : {}), ...(options.loraModules ? { modules: options.loraModules.split(",").map((item) => item.trim()).filter(Boolean) } : {}) },
        };
        const stopLogging = globals().json ? () => {} : logEpochs(core);
        const stopPowerReport = reportKeepAwake(core, "training");
        try {
          const result = (await awaitJobResult(core, (await core.api.startTraining(args)).jobId)) as TrainResult;
          printResult(globals(), result, () => describeTraining(result));
          return 0;
        } finally {
          stopLogging();
          stopPowerReport();
        }
      });
    });
}
