import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiEvent, JobState, LoadedModel, SampleResult } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

let dir: string;
let core: Core;
let modelFile: string;
const events: ApiEvent[] = [];

async function finished(jobId: string): Promise<JobState & { result: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-models-service-"));
  modelFile = await ensureTestModel({ size: "tiny" });
  await mkdir(path.join(dir, "library", "nested"), { recursive: true });
  await copyFile(modelFile, path.join(dir, "library", "nested", "tiny.gguf"));
  await writeFile(path.join(dir, "library", "bad.gguf"), "not a model");
  // Written a minute ago: a file that does not read and was just written is taken as still being copied.
  await utimes(path.join(dir, "library", "bad.gguf"), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  core = await createCore({ dataDir: path.join(dir, "data"), host: "cli" });
  core.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("models service", () => {
  it("watches folders, registers models in place in models.json, and reports broken files", async () => {
    const library = path.join(dir, "library");
    const scan = await core.api.addModelFolder({ folder: library });
    expect(scan.models.map((m) => m.path)).toEqual([path.join(library, "nested", "tiny.gguf")]);
    expect(scan.broken.map((b) => [b.path, b.code])).toEqual([[path.join(library, "bad.gguf"), "invalid_gguf"]]);
    expect(await core.api.listModelFolders()).toEqual([library]);
    const stored = JSON.parse(await readFile(path.join(dir, "data", "models.json"), "utf8"));
    expect(stored.folders).toEqual([library]);
    expect(stored.models[0]).toMatchObject({ path: path.join(library, "nested", "tiny.gguf"), architecture: "llama", folder: library });
    expect((await core.api.listModels()).length).toBe(1);
    await expect(core.api.addModelFolder({ folder: path.join(dir, "missing") })).rejects.toMatchObject({ code: "invalid_input", details: { field: "folder" } });
    expect(await core.api.removeModelFolder({ folder: library })).toEqual([]);
    expect(await core.api.listModels()).toEqual([]);
  });

  it("refuses a bad sample request in the call itself, naming the field", async () => {
    const { jobId } = await core.api.loadModel({ path: modelFile, gpu: "cpu", contextSize: 256, threads: 1 });
    expect((await finished(jobId)).status).toBe("done");
    await expect(core.api.sample({ request: { prompt: "x", k: 1, temperature: -1 } })).rejects.toMatchObject({ code: "invalid_input", details: { field: "temperature" } });
    await core.api.unloadModel();
  });

  it("trace rendering counts its budget with the loaded model's tokenizer, and with the estimate after unload", async () => {
    const render = async () => (await core.api.traceRender({ program: "def f(n):\n    return n + 1\n", call: "f(3)", style: "inline" })).renderings[0];
    expect((await render()).tokenizer).toBe("estimate");
    const { jobId } = await core.api.loadModel({ path: modelFile, gpu: "cpu", contextSize: 256, threads: 1 });
    expect((await finished(jobId)).status).toBe("done");
    const withModel = await render();
    expect(withModel.tokenizer).toBe(`local:${modelFile}`);
    // The byte-level test vocabulary needs about a token per byte, far above the estimate's bytes / 2.5.
    expect(withModel.tokens).toBeGreaterThan(Buffer.byteLength(withModel.text, "utf8") / 1.5);
    await core.api.unloadModel();
    expect((await render()).tokenizer).toBe("estimate");
  });

  it("refuses to sample before a model is loaded", async () => {
    await expect(core.api.sample({ request: { prompt: "x", k: 1 } })).rejects.toMatchObject({ code: "no_model_loaded" });
  });

  it("loads a model as a job with progress, samples as a job streaming throttled deltas, and unloads", async () => {
    const { jobId } = await core.api.loadModel({ path: modelFile, gpu: "cpu", contextSize: 512, parallelSequences: 4, threads: 1 });
    const load = await finished(jobId);
    expect(load.status).toBe("done");
    expect(load.done).toBe(100);
    const loaded = load.result as LoadedModel;
    expect(loaded).toMatchObject({ path: modelFile, backend: "cpu", threads: 1, contextSize: 512 });
    expect(await core.api.getLoadedModel()).toMatchObject({ path: modelFile });

    const sample = await core.api.sample({ request: { prompt: "hello", k: 3, maxTokens: 40, temperature: 1, seed: 9 } });
    const job = await finished(sample.jobId);
    expect(job.status).toBe("done");
    const result = job.result as SampleResult;
    expect(result.completions).toHaveLength(3);
    const streamed = new Map<number, string>();
    const pushes = events.filter((e) => e.topic === "sample" && e.payload.jobId === sample.jobId);
    for (const event of pushes) if (event.topic === "sample") for (const d of event.payload.deltas) streamed.set(d.index, (streamed.get(d.index) ?? "") + d.text);
    for (const c of result.completions) expect(streamed.get(c.index) ?? "").toBe(c.text);
    // Throttled: far fewer pushes than generated tokens.
    expect(pushes.length).toBeLessThan(result.completions.reduce((n, c) => n + c.tokens, 0));
  });

  it("cancels a sample job mid-way and keeps the partial completions", async () => {
    const { jobId } = await core.api.sample({ request: { prompt: "story:", k: 4, maxTokens: 480, temperature: 1, seed: 1 } });
    // Cancel once the first tokens have streamed, so it lands mid-way.
    while (!events.some((e) => e.topic === "sample" && e.payload.jobId === jobId)) await new Promise((resolve) => setTimeout(resolve, 5));
    await core.api.cancelJob({ id: jobId });
    const job = await finished(jobId);
    expect(job.status).toBe("cancelled");
    const result = job.result as SampleResult;
    expect(result.completions.every((c) => c.finishReason === "cancelled" && c.tokens < 480)).toBe(true);
    expect(result.completions.some((c) => c.tokens > 0)).toBe(true);
    expect((await core.api.unloadModel()).isUnloaded).toBe(true);
    expect(await core.api.getLoadedModel()).toBeNull();
  });

  it("fails loadModel with an error naming a broken file", async () => {
    await expect(core.api.loadModel({ path: path.join(dir, "library", "bad.gguf") })).rejects.toMatchObject({ code: "invalid_gguf", message: expect.stringContaining("bad.gguf") });
  });

  it("reports GPU support and the physical core count", async () => {
    const gpu = await core.api.getGpuInfo();
    expect(gpu.physicalCores).toBeGreaterThan(0);
    expect(Array.isArray(gpu.available)).toBe(true);
  });
});
