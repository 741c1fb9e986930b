import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readModelInfo } from "../../../native/models/readModelInfo.js";
import { exportFiles } from "../../../native/export/node/writeExport.js";
import { createRoundTrainer } from "../../../native/training/node/createRoundTrainer.js";
import { findBuiltLlamaTools } from "../engines/startLlamaServer.js";
import { buildRoundFixture } from "../export/buildRoundFixture.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

const { tools, skipReason } = await findBuiltLlamaTools();
let dir: string;

describe.skipIf(skipReason !== null)(`the trainer rounds call between rounds${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-round-trainer-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("exports every kept sample so far, trains the base with llama-finetune, and returns the quantised model under a name of its own", async () => {
    const base = await ensureTestModel({ size: "tiny" });
    await buildRoundFixture({ dataDir: dir, run: "r", modelFile: base, rounds: 2, cases: 6 });
    // One epoch on one thread keeps the test short on a busy 2-core machine.
    // Settings read when the training starts (as the app passes them), with the answers-only corpus.
    const trainer = createRoundTrainer({ locateTools: async () => tools, training: async () => ({ epochs: 1, threads: 1, learningRate: 1e-3, corpus: "completions" }) });
    const progress: number[] = [];
    const train = () => trainer.train({ dataDir: dir, run: "r", baseModel: { kind: "model", path: base, loraAdapters: [] }, rounds: [1, 2], signal: new AbortController().signal, progress: (done) => progress.push(done) });
    const model = await train();
    expect(model).toEqual({ kind: "model", path: path.join(dir, "trained", "r-r2.Q8_0.gguf"), loraAdapters: [] });
    expect(existsSync(path.join(dir, "trained", "r-r2.gguf"))).toBe(true);
    expect(existsSync(path.join(dir, "exports", "r", "round-2", "manifest.json"))).toBe(true);
    // Every kept sample so far trains the model: the export's train and valid rows, in the seeded order
    // (TrainOptions.shuffleSeed), so the rows are the same and only their order may differ.
    const exported = path.join(dir, "exports", "r", "round-2");
    const [trainText, validText] = await Promise.all([exportFiles.completionsCorpus, exportFiles.completionsCorpusValid].map((file) => readFile(path.join(exported, file), "utf8")));
    expect(validText.length).toBeGreaterThan(0);
    const rows = (text: string) => text.split("<|im_end|>").map((row) => row.trim()).filter(Boolean).sort();
    const trained = await readFile(path.join(dir, "trained", "r-r2.completions+valid.txt"), "utf8");
    expect(rows(trained)).toEqual(rows(trainText + validText));
    expect(trained.length).toBe((trainText + validText).length);
    expect((await readModelInfo({ file: model.kind === "model" ? model.path : "" })).info.trainedContextLength).toBe(2048);
    expect(progress.length).toBeGreaterThan(1);
  }, 300_000);

  it("is ready only while llama-finetune is there", async () => {
    expect(await createRoundTrainer({ locateTools: async () => tools }).isReady!()).toBe(true);
    expect(await createRoundTrainer({ locateTools: async () => ({ dir: "", binaries: { "llama-finetune": null } }) }).isReady!()).toBe(false);
    expect(await createRoundTrainer({ locateTools: async () => ({ dir: "", binaries: { "llama-finetune": path.join(dir, "gone") } }) }).isReady!()).toBe(false);
  });

  it("refuses an engine base model, saying how to train by hand", async () => {
    const trainer = createRoundTrainer({ locateTools: async () => tools });
    await expect(trainer.train({ dataDir: dir, run: "r", baseModel: { kind: "engine", engine: { url: "http://127.0.0.1:1/v1" } }, rounds: [1], signal: new AbortController().signal, progress: () => {} }))
      .rejects.toMatchObject({ code: "training_input_invalid", message: expect.stringContaining("round set-model") });
  });
});
