import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrainingPoint } from "../../../native/api/trainingApi.js";
import { exportFiles, writeExport } from "../../../native/export/node/writeExport.js";
import { readModelInfo } from "../../../native/models/readModelInfo.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { prepareTraining, runTraining } from "../../../native/training/node/trainFromExport.js";
import { buildRoundFixture } from "../export/buildRoundFixture.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

/** The stand-in for the llama-finetune-lora fork (see the file: the one stand-in the project allows). */
const standIn = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "llama-finetune-lora-standin.mjs");
// A LoRA trainer needs no llama.cpp build of ours.
const locateTools = async () => ({ dir: "", binaries: {} });

let dir: string;
let dataDir: string;
let exportDir: string;
let base: string;

describe("a LoRA trainer at a path (the llama-finetune-lora fork's interface)", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-lora-"));
    dataDir = path.join(dir, "data");
    base = await ensureTestModel({ size: "tiny" });
    await buildRoundFixture({ dataDir, run: "lora", modelFile: base, cases: 4 });
    exportDir = path.join(dir, "export");
    await writeExport({ dataDir, store: await TaskStore.open({ dataDir }), args: { run: "lora", out: exportDir } });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("sends the messages JSONL, the model's template and rank/alpha/modules, parses its progress, and attaches the adapter it wrote", async () => {
    const out = path.join(dir, "adapters", "lora-r1.gguf");
    const prepared = await prepareTraining({ exportDir, model: base, trainer: standIn, out, epochs: 2, lora: { rank: 4, alpha: 8, modules: ["attn_q", "attn_v"] }, dataDir, locateTools });
    const value = (flag: string) => prepared.args[prepared.args.indexOf(flag) + 1];
    expect(value("-f")).toBe(path.join(exportDir, exportFiles.messagesTrain));
    expect(value("--chat-template-file")).toBe(path.join(exportDir, exportFiles.chatTemplate));
    expect([value("--lora-rank"), value("--lora-alpha"), value("--lora-modules"), value("--num-epochs")]).toEqual(["4", "8", "attn_q,attn_v", "2"]);
    expect(prepared.args).toContain("--assistant-loss-only");
    expect(prepared.estimate.trainer).toBe("lora");

    const points: TrainingPoint[] = [];
    const result = await runTraining({ prepared, quantizeBinary: null, onPoint: (point) => points.push(point) });
    expect(result).toMatchObject({ kind: "adapter", out, trainer: standIn, contextLength: null, quantized: null });
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(points.length).toBeGreaterThan(2);
    expect((await readModelInfo({ file: out })).info.kind).toBe("adapter");

    // The adapter attaches to the base model in node-llama-cpp, as the next round would use it.
    const llama = await getLlama({ gpu: false, build: "never", skipDownload: true });
    const model = await llama.loadModel({ modelPath: base });
    const context = await model.createContext({ contextSize: 256, lora: { adapters: [{ filePath: out }] } });
    const sequence = context.getSequence();
    const tokens = model.tokenize("def f(x):", false);
    const evaluated = await sequence.controlledEvaluate(tokens.map((token, index) => (index === tokens.length - 1 ? [token, { generateNext: { token: true } }] : token)));
    expect(evaluated.at(-1)?.next?.token).toBeTypeOf("number");
    await context.dispose();
    await model.dispose();
  });

  it("fails with the trainer's own message when it refuses the command, and leaves no file", async () => {
    const out = path.join(dir, "adapters", "bad.gguf");
    const prepared = await prepareTraining({ exportDir, model: base, trainer: standIn, out, epochs: 1, dataDir, locateTools });
    // The stand-in knows the fork's options only; an option the fork lacks is refused by name.
    prepared.args.push("--not-a-fork-option", "1");
    await expect(runTraining({ prepared, quantizeBinary: null })).rejects.toMatchObject({ code: "training_failed", message: expect.stringContaining("unknown argument: --not-a-fork-option") });
    expect(existsSync(out)).toBe(false);
    await expect(prepareTraining({ exportDir, model: base, trainer: path.join(dir, "missing-trainer"), dataDir, locateTools })).rejects.toMatchObject({ code: "training_input_invalid", message: expect.stringContaining("missing-trainer") });
    await expect(prepareTraining({ exportDir, model: base, trainer: standIn, lora: { modules: ["q_proj"] }, dataDir, locateTools })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("q_proj") });
    expect(JSON.parse((await readFile(path.join(exportDir, "manifest.json"), "utf8"))).formatVersion).toBe(1);
  });
});

describe("an export rendered with another template", () => {
  it("is re-rendered with the base model's own template before training, and the result says so", async () => {
    const fallbackDir = await mkdtemp(path.join(os.tmpdir(), "tracetune-rerender-"));
    try {
      const data = path.join(fallbackDir, "data");
      const model = await ensureTestModel({ size: "tiny" });
      // Rounds sampled on an engine and no --model: the export used the ChatML fallback with estimated counts.
      await buildRoundFixture({ dataDir: data, run: "engine", modelFile: null, cases: 4 });
      const exported = path.join(fallbackDir, "export");
      const manifest = await writeExport({ dataDir: data, store: await TaskStore.open({ dataDir: data }), args: { run: "engine", out: exported } });
      expect(manifest.template.isFallback).toBe(true);
      const out = path.join(fallbackDir, "adapter.gguf");
      const estimateOnly = await prepareTraining({ exportDir: exported, model, trainer: standIn, out, dataDir: data, locateTools, isEstimateOnly: true });
      expect(estimateOnly.data.rerendered).not.toBeNull();
      expect(existsSync(path.join(fallbackDir, "adapter.chat_template.jinja"))).toBe(false);
      const prepared = await prepareTraining({ exportDir: exported, model, trainer: standIn, out, dataDir: data, locateTools });
      expect(prepared.data.rerendered).toMatch(/^ChatML:/);
      const template = prepared.args[prepared.args.indexOf("--chat-template-file") + 1];
      expect(template).toBe(path.join(fallbackDir, "adapter.chat_template.jinja"));
      expect(await readFile(template, "utf8")).toContain("<|im_start|>");
      expect(estimateOnly.estimate.notes.join(" ")).toContain("re-rendered");
    } finally {
      await rm(fallbackDir, { recursive: true, force: true });
    }
  });
});
