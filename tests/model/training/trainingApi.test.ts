import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiEvent, ExportManifest, JobState, TrainResult } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { buildRoundFixture } from "../export/buildRoundFixture.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

const standIn = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "llama-finetune-lora-standin.mjs");

let dir: string;
let core: Core;
let base: string;
const events: ApiEvent[] = [];

async function jobResult(jobId: string): Promise<unknown> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status === "failed") throw new Error(job.error?.message);
    if (job.status !== "running") return job.result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the export and training API, as the Export page and Training panel use it", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-training-api-"));
    base = await ensureTestModel({ size: "tiny" });
    await buildRoundFixture({ dataDir: dir, run: "ui", modelFile: base, cases: 4 });
    core = await createCore({ host: "cli", dataDir: dir });
    core.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await core?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("previews rows rendered with the template and the token histogram, writing nothing", async () => {
    const preview = await core.api.previewExport({ run: "ui", limit: 3 });
    expect(preview.rows).toHaveLength(3);
    expect(preview.rows[0].rendered).toContain("<|im_start|>assistant\n");
    expect(preview.rows[0].messages.at(-1)!.role).toBe("assistant");
    expect(preview.counts).toMatchObject({ kept: 8, tasks: 4 });
    expect(preview.tokens.train.histogram.counts.reduce((a, b) => a + b, 0)).toBe(preview.counts.train);
    expect(preview.template.isFallback).toBe(false);
    await expect(core.api.previewExport({ run: "ui", limit: -1 })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("exports as a job with progress, then trains as a job whose points and log lines arrive as training events", async () => {
    const out = path.join(dir, "exports", "e1");
    const manifest = (await jobResult((await core.api.startExport({ run: "ui", out })).jobId)) as ExportManifest;
    expect(manifest.counts.rows).toBe(8);
    expect(await core.api.readExport({ dir: out })).toEqual(manifest);
    expect(events.some((e) => e.topic === "job" && e.payload.kind === "export.write" && e.payload.status === "done")).toBe(true);

    const estimate = await core.api.estimateTraining({ exportDir: out, model: base, trainer: standIn });
    expect(estimate).toMatchObject({ trainer: "lora", isTooLarge: false });
    const adapter = path.join(dir, "adapter.gguf");
    const { jobId } = await core.api.startTraining({ exportDir: out, model: base, trainer: standIn, epochs: 2, out: adapter, run: "ui" });
    const result = (await jobResult(jobId)) as TrainResult;
    expect(result).toMatchObject({ kind: "adapter", trainer: standIn });
    expect(result.logTail.some((line) => line.includes("LoRA adapter saved"))).toBe(true);
    // Registered as the run's next model: the base with the adapter, recorded as set by the trainer.
    expect(result.registered).toEqual({ run: "ui", model: { kind: "model", path: base, loraAdapters: [adapter] } });
    const run = await new RunStore({ dataDir: dir }).readRun("ui");
    expect(run.currentModel).toEqual({ kind: "model", path: base, loraAdapters: [adapter] });
    expect(run.modelHistory.at(-1)).toMatchObject({ by: "trainer", afterRound: 1 });
    // The rounds API reads the fixture's run like a real one.
    expect(JSON.stringify(await core.api.getRoundRun({ name: "ui" }))).toContain(adapter);
    const training = events.filter((e) => e.topic === "training" && e.payload.jobId === jobId).map((e) => e.payload as { points: unknown[]; logLines: string[] });
    expect(training.flatMap((t) => t.points).length).toBeGreaterThan(0);
    expect(training.flatMap((t) => t.logLines).some((line) => line.includes("LoRA adapter saved"))).toBe(true);
    const jobs = events.filter((e) => e.topic === "job" && e.payload.id === jobId).map((e) => e.payload as JobState);
    expect(jobs.at(-1)).toMatchObject({ status: "done", kind: "training.train" });
    expect(jobs.at(-1)!.total).toBeGreaterThan(0);
  });

  it("takes the LoRA trainer's path from the training settings for trainer \"lora\"", async () => {
    const exportDir = path.join(dir, "exports", "e1");
    await expect(core.api.estimateTraining({ exportDir, model: base, trainer: "lora" })).rejects.toMatchObject({ code: "training_input_invalid", message: expect.stringContaining("Settings") });
    const settings = await core.api.updateTrainingSettings({ patch: { loraTrainerPath: standIn, lora: { rank: 4 } } });
    expect(settings.lora).toMatchObject({ rank: 4, alpha: 32 });
    expect(await core.api.getTrainingSettings()).toEqual(settings);
    const estimate = await core.api.estimateTraining({ exportDir, model: base, trainer: "lora" });
    expect(estimate.trainer).toBe("lora");
    await expect(core.api.updateTrainingSettings({ patch: { epochs: 0 } })).rejects.toMatchObject({ code: "invalid_input", details: { field: "epochs" } });
  });

  it("refuses at the call, before any job, when the export, the trainer or the run to register with is missing", async () => {
    await expect(core.api.startTraining({ exportDir: path.join(dir, "exports", "e1"), model: base, trainer: standIn, run: "no-such-run" })).rejects.toMatchObject({ code: "unknown_run" });
    await expect(core.api.startTraining({ exportDir: path.join(dir, "nope"), model: base })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("manifest.json") });
    await expect(core.api.startTraining({ exportDir: path.join(dir, "exports", "e1"), model: base, trainer: path.join(dir, "no-such-trainer") })).rejects.toMatchObject({ code: "training_input_invalid" });
  });
});
