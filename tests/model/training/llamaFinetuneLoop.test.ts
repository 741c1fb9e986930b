import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrainingPoint } from "../../../native/api/trainingApi.js";
import { exportFiles, writeExport } from "../../../native/export/node/writeExport.js";
import { readModelInfo } from "../../../native/models/readModelInfo.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { prepareTraining, runTraining } from "../../../native/training/node/trainFromExport.js";
import { findBuiltLlamaTools } from "../engines/startLlamaServer.js";
import { buildRoundFixture } from "../export/buildRoundFixture.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { meanCompletionNll } from "./meanCompletionNll.js";

const { tools, skipReason } = await findBuiltLlamaTools();
const locateTools = async () => tools;
const why = skipReason ? ` (skipped: ${skipReason})` : "";

let dir: string;
let dataDir: string;
let exportDir: string;
let base: string;

const readRows = async (file: string) => (await readFile(file, "utf8")).split("\n").filter(Boolean).map((line) => JSON.parse(line).messages);

describe.skipIf(skipReason !== null)(`the loop closes: export, train with the real llama-finetune, measure${why}`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-train-"));
    dataDir = path.join(dir, "data");
    base = await ensureTestModel({ size: "tiny" });
    await buildRoundFixture({ dataDir, run: "loop", modelFile: base });
    exportDir = path.join(dir, "export");
    await writeExport({ dataDir, store: await TaskStore.open({ dataDir }), args: { run: "loop", out: exportDir } });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("trains the tiny F32 model, restores its context length, and lowers the NLL of kept completions on train and held-out rows", async () => {
    const out = path.join(dir, "trained", "loop-r1.gguf");
    const prepared = await prepareTraining({ exportDir, model: base, out, epochs: 3, learningRate: 1e-3, threads: 1, dataDir, locateTools });
    // -c, -b and -ub equal; a window below the base model's 2048, which llama-finetune writes as the context length.
    const window = prepared.args[prepared.args.indexOf("-c") + 1];
    expect(prepared.args[prepared.args.indexOf("-b") + 1]).toBe(window);
    expect(prepared.args[prepared.args.indexOf("-ub") + 1]).toBe(window);
    expect(Number(window)).toBeLessThan(2048);
    expect(prepared.estimate.memoryBytes).toBeLessThan(prepared.estimate.machineMemoryBytes);

    const points: TrainingPoint[] = [];
    const trainStarted = performance.now();
    const result = await runTraining({ prepared, quantizeBinary: tools.binaries["llama-quantize" as never] ?? null, onPoint: (point) => points.push(point) });
    console.log(`llama-finetune: ${result.epochs.length} epochs of ${prepared.estimate.windowsPerEpoch} windows of ${window} tokens in ${((performance.now() - trainStarted) / 1000).toFixed(1)} s (estimate ${prepared.estimate.seconds} s)`);
    expect(result.kind).toBe("model");
    expect(result.out).toBe(out);
    expect(existsSync(`${out}.partial`)).toBe(false);

    // Live points were parsed from the real output, and every epoch has a training and a validation loss.
    expect(points.filter((p) => p.phase === "train").length).toBeGreaterThan(10);
    expect(points.some((p) => p.phase === "val")).toBe(true);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const epoch of result.epochs) {
      expect(epoch.loss).toBeGreaterThan(0);
      expect(epoch.valLoss).toBeGreaterThan(0);
    }
    expect(result.epochs[2].loss!).toBeLessThan(result.epochs[0].loss!);

    // The trained file says the base model's context length again, read back the way the catalog reads it.
    expect(result.contextLength).toBe(2048);
    expect((await readModelInfo({ file: out })).info.trainedContextLength).toBe(2048);

    // With llama-quantize in the build, the copy the next round samples from is Q8_0 with the same context length.
    if (tools.binaries["llama-quantize" as never]) {
      expect(result.quantized).toBe(out.replace(/\.gguf$/, ".Q8_0.gguf"));
      const quantized = await readModelInfo({ file: result.quantized! });
      expect(quantized.info.quantization).toBe("Q8_0");
      expect(quantized.info.trainedContextLength).toBe(2048);
    }

    // The measure: mean NLL per token of the kept completions given their prompts, base versus trained.
    // Four rows of each side keep the five scorings short on a busy 2-core machine.
    const trainRows = (await readRows(path.join(exportDir, exportFiles.messagesTrain))).slice(0, 4);
    const validRows = (await readRows(path.join(exportDir, exportFiles.messagesValid))).slice(0, 4);
    expect(validRows.length).toBeGreaterThan(0);
    const nll = {
      baseTrain: await meanCompletionNll({ modelFile: base, rows: trainRows }),
      trainedTrain: await meanCompletionNll({ modelFile: out, rows: trainRows }),
      baseValid: await meanCompletionNll({ modelFile: base, rows: validRows }),
      trainedValid: await meanCompletionNll({ modelFile: out, rows: validRows }),
    };
    console.log(`mean completion NLL per token (nats): train rows ${nll.baseTrain.toFixed(3)} -> ${nll.trainedTrain.toFixed(3)}; held-out rows ${nll.baseValid.toFixed(3)} -> ${nll.trainedValid.toFixed(3)}`);
    expect(nll.trainedTrain).toBeLessThan(nll.baseTrain);
    expect(nll.trainedValid).toBeLessThan(nll.baseValid);
    if (result.quantized) {
      // The next round samples from the quantised copy: it loads and keeps most of the gain.
      const quantizedValid = await meanCompletionNll({ modelFile: result.quantized, rows: validRows });
      console.log(`held-out rows, Q8_0 copy: ${quantizedValid.toFixed(3)}`);
      expect(quantizedValid).toBeLessThan(nll.baseValid);
    }
  }, 400_000);

  it("cancels a running training: the trainer is killed and no output is left", async () => {
    const out = path.join(dir, "trained", "cancelled.gguf");
    const prepared = await prepareTraining({ exportDir, model: base, out, epochs: 500, learningRate: 1e-3, threads: 1, dataDir, locateTools });
    const controller = new AbortController();
    const started = performance.now();
    const run = runTraining({ prepared, quantizeBinary: null, signal: controller.signal, onPoint: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ code: "cancelled" });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("trains on the assistant turns alone with corpus \"completions\", from the export or rendered from an older export's rows", async () => {
    const out = path.join(dir, "trained", "completions.gguf");
    const prepared = await prepareTraining({ exportDir, model: base, out, corpus: "completions", shuffleSeed: null, dataDir, locateTools, isEstimateOnly: true });
    expect(prepared.data.file).toBe(path.join(exportDir, exportFiles.completionsCorpus));
    expect(prepared.args[prepared.args.indexOf("-f") + 1]).toBe(prepared.data.file);
    // Fewer tokens than the whole chat: the estimate counts what is trained on.
    const chat = await prepareTraining({ exportDir, model: base, out, shuffleSeed: null, dataDir, locateTools, isEstimateOnly: true });
    expect(chat.data.file).toBe(path.join(exportDir, exportFiles.corpus));
    expect(prepared.estimate.corpusTokens).toBeLessThan(chat.estimate.corpusTokens / 2);

    // An export written before completions.txt existed: the same text, rendered from its messages rows.
    const older = path.join(dir, "older-export");
    await cp(exportDir, older, { recursive: true });
    await rm(path.join(older, exportFiles.completionsCorpus));
    const rendered = await prepareTraining({ exportDir: older, model: base, out: path.join(dir, "trained", "older.gguf"), corpus: "completions", shuffleSeed: null, dataDir, locateTools });
    expect(rendered.data.file).toBe(path.join(dir, "trained", "older.completions.txt"));
    expect(await readFile(rendered.data.file, "utf8")).toBe(await readFile(path.join(exportDir, exportFiles.completionsCorpus), "utf8"));
    expect(rendered.estimate.notes.join(" ")).toMatch(/no llamacpp\/completions\.txt/);

    // Rounds train on every kept sample: the valid rows too, after the train rows, in one file.
    const all = await prepareTraining({ exportDir, model: base, out: path.join(dir, "trained", "all.gguf"), corpus: "completions", includeValid: true, shuffleSeed: null, dataDir, locateTools });
    expect(all.data.file).toBe(path.join(dir, "trained", "all.completions+valid.txt"));
    const [trainText, validText] = await Promise.all([exportFiles.completionsCorpus, exportFiles.completionsCorpusValid].map((file) => readFile(path.join(exportDir, file), "utf8")));
    expect(validText.length).toBeGreaterThan(0);
    expect(await readFile(all.data.file, "utf8")).toBe(trainText + validText);

    // By default the rows are written in a seeded order: llama-finetune trains its windows in file order and
    // holds out the last -val-split share, which in export order would be the valid rows every time.
    const rowsOf = (text: string) => text.split(/(?<=<\|im_end\|>\n)/).filter((row) => row !== "");
    const exportOrder = rowsOf(trainText + validText);
    const shuffledText = async (name: string, shuffleSeed?: number) => {
      const prepared = await prepareTraining({ exportDir, model: base, out: path.join(dir, "trained", `${name}.gguf`), corpus: "completions", includeValid: true, ...(shuffleSeed === undefined ? {} : { shuffleSeed }), dataDir, locateTools });
      return readFile(prepared.data.file, "utf8");
    };
    const byDefault = await shuffledText("shuffled");
    expect(rowsOf(byDefault)).not.toEqual(exportOrder);
    expect([...rowsOf(byDefault)].sort()).toEqual([...exportOrder].sort());
    expect(await shuffledText("seed1", 1)).toBe(byDefault);
    expect(await shuffledText("seed2", 2)).not.toBe(byDefault);
    await expect(prepareTraining({ exportDir, model: base, out, shuffleSeed: 0.5, dataDir, locateTools })).rejects.toMatchObject({ code: "invalid_input", details: { field: "shuffleSeed" } });

    await expect(prepareTraining({ exportDir, model: base, out, corpus: "prompts" as never, dataDir, locateTools })).rejects.toMatchObject({ code: "invalid_input", details: { field: "corpus" } });
  });

  it("refuses a quantised base model for llama-finetune, naming the file and why", async () => {
    const bench = await ensureTestModel({ size: "bench" });
    await expect(prepareTraining({ exportDir, model: bench, dataDir, locateTools })).rejects.toMatchObject({ code: "training_input_invalid", message: expect.stringMatching(/F32 models only.*tracetune-bench.*Q4_0/) });
  });
});
