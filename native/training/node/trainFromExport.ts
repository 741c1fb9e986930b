import { existsSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ExportManifest } from "../../api/exportApi.js";
import type { TrainingCorpus, TrainingEstimate, TrainingPoint, TrainOptions, TrainResult } from "../../api/trainingApi.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import { seededShuffle } from "../../common/seededShuffle.js";
import { openRowRenderer, type RowRenderer } from "../../export/node/openRowRenderer.js";
import { readExportManifest } from "../../export/node/readExportManifest.js";
import { exportFiles } from "../../export/node/writeExport.js";
import type { ExportMessage } from "../../export/common/buildExportMessages.js";
import { physicalCoreCount } from "../../models/physicalCoreCount.js";
import { readModelInfo } from "../../models/readModelInfo.js";
import { buildFinetuneArgs } from "../common/buildFinetuneArgs.js";
import { buildLoraTrainerArgs, defaultLoraSettings } from "../common/buildLoraTrainerArgs.js";
import { estimateTraining } from "../common/estimateTraining.js";
import { TrainingFailedError, TrainingInputError, TrainingTooLargeError } from "../trainingErrors.js";
import { chooseContextSize } from "./chooseContextSize.js";
import { patchGgufInteger } from "./patchGgufInteger.js";
import { quantizeModel } from "./quantizeModel.js";
import { isF32Model, readModelShape } from "./readModelShape.js";
import { runTrainerProcess } from "./runTrainerProcess.js";

/** The row order llama-finetune's corpus is written in unless asked otherwise (TrainOptions.shuffleSeed). */
export const DEFAULT_SHUFFLE_SEED: number | null = 1;

/** Where llama.cpp's tools are (the engines feature's locateLlamaTools). */
export type LocateTools = () => Promise<{ binaries: Record<string, string | null>; dir: string }>;

export interface PreparedTraining {
  kind: "model" | "adapter";
  trainer: string;
  binary: string;
  args: string[];
  out: string;
  base: string;
  data: TrainResult["data"];
  estimate: TrainingEstimate;
  baseContextLength: number | null;
  architecture: string;
  threads: number;
  quantize: "Q8_0" | "Q4_0" | "none";
}

/** A file name in `dir` from `stem` that does not exist yet: stem.gguf, stem-2.gguf, … (each round's model gets its own). */
export function uniqueFile(dir: string, stem: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${stem}${n === 1 ? "" : `-${n}`}.gguf`);
    if (!existsSync(file)) return file;
  }
}

async function readMessagesRows(file: string): Promise<ExportMessage[][]> {
  const text = await readFile(file, "utf8");
  return text.split("\n").filter((line) => line.trim() !== "").map((line, index) => {
    try {
      return (JSON.parse(line) as { messages: ExportMessage[] }).messages;
    } catch {
      throw new InvalidInputError(`${file}, line ${index + 1}: not valid JSON.`, { file, line: index + 1 });
    }
  });
}

/**
 * Everything before the trainer runs: reads the export and the base model, checks the trainer can train it
 * (upstream llama-finetune: F32 only), re-renders the corpus with the base model's template when the export
 * used another, picks the window, estimates memory and time and refuses above the machine's memory unless
 * forced, and builds the command. Writes only the re-rendered corpus (beside the output).
 */
export async function prepareTraining(options: TrainOptions & {
  dataDir: string;
  locateTools: LocateTools;
  totalMemoryBytes?: number;
  /** Only estimate: a re-rendered corpus goes to a temporary dir that is removed, and nothing is created beside the output. */
  isEstimateOnly?: boolean;
}): Promise<PreparedTraining> {
  const { exportDir, model, trainer = "llama-finetune", epochs = 2, learningRate = 1e-4, valSplit = 0.1, quantize = "Q8_0", corpus = "chat", shuffleSeed = DEFAULT_SHUFFLE_SEED, force = false, dataDir, locateTools } = options;
  const threads = options.threads ?? physicalCoreCount();
  if (!Number.isInteger(epochs) || epochs < 1) throw new InvalidInputError(`epochs must be a positive integer, not ${epochs}.`, { field: "epochs" });
  if (!(learningRate > 0)) throw new InvalidInputError(`learningRate must be positive, not ${learningRate}.`, { field: "learningRate" });
  if (corpus !== "chat" && corpus !== "completions") throw new InvalidInputError(`corpus must be chat or completions, not ${JSON.stringify(corpus)}.`, { field: "corpus" });
  if (shuffleSeed !== null && !Number.isInteger(shuffleSeed)) throw new InvalidInputError(`shuffleSeed must be an integer or null, not ${shuffleSeed}.`, { field: "shuffleSeed" });
  if (!(valSplit >= 0 && valSplit < 1)) throw new InvalidInputError(`valSplit must be at least 0 and below 1, not ${valSplit}.`, { field: "valSplit" });
  const manifest = await readExportManifest(exportDir);
  const { info, fileInfo } = await readModelInfo({ file: model });
  if (info.kind !== "model") throw new TrainingInputError(`${info.path} is a ${info.kind}, not a model.`, { model: info.path });
  const isLora = trainer !== "llama-finetune";
  const binary = isLora ? path.resolve(trainer) : (await locateTools()).binaries["llama-finetune"];
  if (!binary || !existsSync(binary) || !statSync(binary).isFile()) {
    throw new TrainingInputError(isLora ? `The LoRA trainer ${binary} does not exist or is not a file.` : "llama-finetune is not built: run `tracetune engines build` (or point Settings at your own llama.cpp build).", { trainer, binary });
  }
  if (!isLora && !isF32Model(fileInfo)) {
    throw new TrainingInputError(`Upstream llama-finetune trains F32 models only; ${info.fileName} is ${info.quantization ?? "not F32"}. Convert the original weights to an F32 GGUF (convert_hf_to_gguf.py --outtype f32) or use a LoRA trainer.`, { model: info.path, quantization: info.quantization });
  }

  const out = path.resolve(options.out ?? uniqueFile(path.join(dataDir, "trained"), `${path.basename(path.resolve(exportDir))}-${path.basename(info.path, ".gguf")}${isLora ? "-lora" : ""}`));
  const scratch = options.isEstimateOnly ? await mkdtemp(path.join(os.tmpdir(), "tracetune-estimate-")) : null;
  if (!scratch) await mkdir(path.dirname(out), { recursive: true });
  const renderer = await openRowRenderer({ modelFile: info.path });
  try {
    const notes: string[] = [];
    const data = await trainingData({ manifest, exportDir: path.resolve(exportDir), renderer, out: scratch ? path.join(scratch, path.basename(out)) : out, isLora, corpus, includeValid: options.includeValid === true, shuffleSeed, notes });
    const corpusTokens = renderer.countCorpusTokens(await readFile(data.corpusForCount, "utf8"));
    const chosen = chooseContextSize({ corpusTokens, modelContextLength: info.trainedContextLength, requested: options.contextSize });
    if (!chosen) throw new TrainingInputError(`The export's corpus is too short to train on: ${corpusTokens} tokens give fewer than 2 windows${options.contextSize ? ` of ${options.contextSize} tokens` : ""}. Export more rounds or lower contextSize.`, { corpusTokens });
    if (chosen.note) notes.push(chosen.note);
    const lora = { ...defaultLoraSettings, ...options.lora };
    const matricesPerLayer = lora.modules.includes("all") ? 7 : lora.modules.filter((name) => name !== "output").length;
    const estimate = estimateTraining({
      shape: readModelShape(info, fileInfo), trainer: isLora ? "lora" : "llama-finetune", corpusTokens, contextSize: chosen.contextSize, epochs, threads,
      machineMemoryBytes: options.totalMemoryBytes ?? os.totalmem(), lora: { rank: lora.rank, matricesPerLayer }, notes,
    });
    if (estimate.isTooLarge && !force) {
      const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
      throw new TrainingTooLargeError(`Training ${info.fileName} (${(info.parameterCount / 1e6).toFixed(0)}M parameters) needs about ${gib(estimate.memoryBytes)} (16 bytes per trained parameter plus activations); this machine has ${gib(estimate.machineMemoryBytes)}. Use a smaller model, a LoRA trainer, or a machine with more memory (docs/training.md, "Supported scale").`, { estimate });
    }
    const partial = `${out}.partial`;
    const args = isLora
      ? buildLoraTrainerArgs({ model: info.path, messages: data.file, chatTemplate: data.chatTemplate, out: partial, lora, contextSize: chosen.contextSize, epochs, learningRate, threads, checkpointDir: `${out}.checkpoints` })
      : buildFinetuneArgs({ model: info.path, corpus: data.file, out: partial, contextSize: chosen.contextSize, epochs, learningRate, valSplit, threads });
    return {
      kind: isLora ? "adapter" : "model", trainer: isLora ? binary : "llama-finetune", binary, args, out, base: info.path,
      data: { file: data.file, rerendered: data.rerendered }, estimate, baseContextLength: info.trainedContextLength, architecture: info.architecture, threads, quantize,
    };
  } finally {
    await renderer.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

const corpusFiles = {
  chat: { train: exportFiles.corpus, valid: exportFiles.corpusValid },
  completions: { train: exportFiles.completionsCorpus, valid: exportFiles.completionsCorpusValid },
  messages: { train: exportFiles.messagesTrain, valid: exportFiles.messagesValid },
} as const;

/**
 * The file the trainer reads. llama-finetune reads the whole rows ("chat") or their assistant turns alone
 * ("completions") of the train split, or of both splits with `includeValid` (its own -val-split still holds out
 * windows), in the order of `shuffleSeed` (null: the export's), re-rendered for this base model when the
 * export's template differs from its own (or the export predates completions.txt). A LoRA trainer reads the
 * train split's messages rows and masks the prompt itself.
 */
async function trainingData(options: { manifest: ExportManifest; exportDir: string; renderer: RowRenderer; out: string; isLora: boolean; corpus: TrainingCorpus; includeValid: boolean; shuffleSeed: number | null; notes: string[] }) {
  const { manifest, exportDir, renderer, out, isLora, shuffleSeed, notes } = options;
  const corpusKind = isLora ? "chat" : options.corpus;
  const splits = options.includeValid && !isLora ? (["train", "valid"] as const) : (["train"] as const);
  const sameTemplate = renderer.template.hash === manifest.template.hash && manifest.tokenizer === "model";
  const stem = out.replace(/\.gguf$/i, "");
  const messages = path.join(exportDir, corpusFiles.messages.train);
  const exported = splits.map((split) => path.join(exportDir, corpusFiles[corpusKind][split]));
  const chatTemplate = sameTemplate ? path.join(exportDir, exportFiles.chatTemplate) : `${stem}.chat_template.jinja`;
  if (!sameTemplate) await writeFile(chatTemplate, renderer.templateText);
  const isShuffled = shuffleSeed !== null && !isLora;
  if (sameTemplate && !isShuffled && exported.length === 1 && existsSync(exported[0])) {
    return { file: isLora ? messages : exported[0], corpusForCount: exported[0], chatTemplate, rerendered: null };
  }
  const written = `${stem}.${corpusKind === "completions" ? "completions" : "corpus"}${splits.length > 1 ? "+valid" : ""}.txt`;
  const rows: string[] = [];
  for (const [index, split] of splits.entries()) {
    if (sameTemplate && !isShuffled && existsSync(exported[index])) {
      rows.push(await readFile(exported[index], "utf8"));
      continue;
    }
    // Rendered row by row from the messages rows: to shuffle them, for another template, or for an export
    // written before completions.txt existed. The same renderer wrote the export's corpus files.
    const rendered = (await readMessagesRows(path.join(exportDir, corpusFiles.messages[split]))).map((row) => renderer.render(row)[corpusKind === "completions" ? "completionText" : "text"]);
    rows.push(...rendered);
    if (!sameTemplate) notes.push(`the export was rendered with template ${manifest.template.id}; the ${split} rows were re-rendered with the base model's ${renderer.template.id} into ${written}`);
    else if (!existsSync(exported[index])) notes.push(`the export has no ${corpusFiles[corpusKind][split]}; it was rendered from the messages rows into ${written}`);
  }
  const ordered = isShuffled && shuffleSeed !== null ? seededShuffle(rows, shuffleSeed) : rows;
  if (isShuffled) {
    notes.push(`rows in the order of seed ${shuffleSeed} (llama-finetune trains its windows in file order and holds out the last -val-split share)`);
  }
  await writeFile(written, ordered.join(""));
  if (splits.length > 1) notes.push(`trains on the train and valid rows (${written}); llama-finetune holds out its own -val-split share of windows`);
  return { file: isLora ? messages : written, corpusForCount: written, chatTemplate, rerendered: sameTemplate ? null : renderer.template.id };
}

/**
 * Runs a prepared training: the trainer with live points, then for a full model the context length patched
 * back to the base model's and read back, and a quantised copy for sampling (the F32 stays for the next
 * round); for an adapter, a check that the output is a GGUF adapter. The output appears under its final name
 * only when everything succeeded.
 */
export async function runTraining(options: {
  prepared: PreparedTraining;
  quantizeBinary: string | null;
  signal?: AbortSignal;
  onPoint?: (point: TrainingPoint) => void;
  onLogLine?: (line: string) => void;
}): Promise<TrainResult> {
  const { prepared, quantizeBinary, signal, onPoint, onLogLine } = options;
  const started = performance.now();
  const partial = `${prepared.out}.partial`;
  try {
    const { epochs, logTail } = await runTrainerProcess({ command: prepared.binary, args: prepared.args, cwd: path.dirname(prepared.out), signal, onPoint, onLogLine });
    if (!existsSync(partial)) throw new TrainingFailedError(`The trainer finished but wrote no ${partial}.`, { out: partial });
    let contextLength: number | null = null;
    if (prepared.kind === "model") {
      if (prepared.baseContextLength !== null) await patchGgufInteger({ file: partial, key: `${prepared.architecture}.context_length`, value: prepared.baseContextLength });
      // Read back through the same reader the catalog uses: what the next round will see.
      contextLength = (await readModelInfo({ file: partial })).info.trainedContextLength;
    } else {
      const { info } = await readModelInfo({ file: partial }).catch((error) => {
        throw new TrainingFailedError(`The LoRA trainer's output ${partial} is not a readable GGUF: ${error instanceof Error ? error.message : String(error)}`, { out: partial });
      });
      if (info.kind !== "adapter") throw new TrainingFailedError(`The LoRA trainer's output ${partial} is a ${info.kind}, not an adapter (general.type = adapter).`, { out: partial });
    }
    await rename(partial, prepared.out);
    let quantized: string | null = null;
    if (prepared.kind === "model" && prepared.quantize !== "none") {
      if (!quantizeBinary) onLogLine?.("llama-quantize is not in this llama.cpp build: the trained model stays F32 only");
      else {
        quantized = prepared.out.replace(/(\.gguf)?$/i, `.${prepared.quantize}.gguf`);
        await quantizeModel({ binary: quantizeBinary, input: prepared.out, out: quantized, type: prepared.quantize, threads: prepared.threads, signal });
      }
    }
    return {
      trainer: prepared.trainer, out: prepared.out, kind: prepared.kind, epochs, contextLength, quantized, base: prepared.base,
      data: prepared.data, command: [prepared.binary, ...prepared.args], estimate: prepared.estimate, elapsedMs: Math.round(performance.now() - started),
      logTail, registered: null,
    };
  } finally {
    await rm(partial, { force: true });
  }
}
