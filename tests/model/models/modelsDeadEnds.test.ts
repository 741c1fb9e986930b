// Issue 11's dead ends on the Models side, with the real parts: generated GGUF models, node-llama-cpp, fs.watch.
import { copyFile, mkdir, mkdtemp, readFile, rm, unlink, utimes, writeFile, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiEvents, JobState, LoadedModel } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

let dir: string;
let core: Core;
let modelFile: string;
const modelEvents: Array<ApiEvents["models"]> = [];

async function finished(jobId: string): Promise<JobState & { result: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function nextModelsEvent(match: (event: ApiEvents["models"]) => boolean, timeoutMs = 15_000): Promise<ApiEvents["models"]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = modelEvents.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching models event in ${timeoutMs} ms; got ${JSON.stringify(modelEvents)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-models-deadends-"));
  modelFile = await ensureTestModel({ size: "tiny" });
  // Behind the web host (or the app), watched folders are watched; the one-shot CLI does not watch.
  core = await createCore({ dataDir: path.join(dir, "data"), host: "web" });
  core.subscribe((event) => {
    if (event.topic === "models") modelEvents.push(event.payload);
  });
});
afterAll(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("loading keeps the working model", () => {
  it("a reload with a missing LoRA adapter fails the call, names the adapter, and the model stays loaded and usable", async () => {
    const first = await finished((await core.api.loadModel({ path: modelFile, gpu: "cpu", contextSize: 256, threads: 1 })).jobId);
    expect(first.status).toBe("done");
    const missing = path.join(dir, "adapters", "nope.gguf");
    const refused = core.api.loadModel({ path: modelFile, gpu: "cpu", loraAdapters: [missing] });
    await expect(refused).rejects.toMatchObject({ code: "invalid_input", message: `LoRA adapter ${missing} (loraAdapters[0]) does not exist or is not a file.`, details: { field: "loraAdapters", index: 0 } });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining("Model file") });
    // A model file given as an adapter is named as what it is.
    await expect(core.api.loadModel({ path: modelFile, loraAdapters: [modelFile] })).rejects.toMatchObject({ message: expect.stringContaining("is a model file, not a LoRA adapter") });
    expect(await core.api.getLoadedModel()).toMatchObject({ path: modelFile, contextSize: 256 });
    const sample = await finished((await core.api.sample({ request: { prompt: "hi", k: 1, maxTokens: 4, seed: 1 } })).jobId);
    expect(sample.status).toBe("done");
  });

  it("a reload that llama.cpp refuses inside the job fails the job and leaves the working model loaded", async () => {
    // Same bytes with the architecture renamed: the header reads, llama.cpp does not know "llamb".
    const bytes = Buffer.from(await readFile(modelFile));
    for (let at = bytes.indexOf("llama"); at >= 0; at = bytes.indexOf("llama", at + 5)) bytes.write("llamb", at, "latin1");
    const unknown = path.join(dir, "unknown-arch.gguf");
    await writeFile(unknown, bytes);
    const job = await finished((await core.api.loadModel({ path: unknown, gpu: "cpu", threads: 1 })).jobId);
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "model_load_failed", message: expect.stringContaining("unknown-arch.gguf") });
    expect(await core.api.getLoadedModel()).toMatchObject({ path: modelFile });
    expect((await finished((await core.api.sample({ request: { prompt: "hi", k: 1, maxTokens: 4, seed: 1 } })).jobId)).status).toBe("done");
  });
});

describe("jobs that use the loaded model queue", () => {
  it("a sample started while a reload runs waits for it and samples from the new model, not the one it replaced", async () => {
    const copy = path.join(dir, "tiny-second.gguf");
    await copyFile(modelFile, copy);
    const load = (await core.api.loadModel({ path: copy, gpu: "cpu", contextSize: 256, threads: 1 })).jobId;
    const sample = (await core.api.sample({ request: { prompt: "hi", k: 2, maxTokens: 4, seed: 3 } })).jobId;
    expect((await finished(load)).status).toBe("done");
    expect(await finished(sample)).toMatchObject({ status: "done", error: null });
    expect(await core.api.getLoadedModel()).toMatchObject({ path: copy });
  });
});

describe("a request that fails at once", () => {
  it("an invalid GBNF grammar fails the sample call itself, naming the field, instead of a job that fails before the page knows it", async () => {
    expect(await core.api.getLoadedModel()).not.toBeNull();
    const before = (await core.api.listJobs()).length;
    await expect(core.api.sample({ request: { prompt: "hi", k: 1, maxTokens: 4, grammar: "root ::= (" } })).rejects.toMatchObject({ code: "invalid_input", details: { field: "grammar" } });
    expect((await core.api.listJobs()).length).toBe(before);
    const good = await finished((await core.api.sample({ request: { prompt: "hi", k: 2, maxTokens: 40, grammar: 'root ::= "yes" | "no"' } })).jobId);
    expect(good.status).toBe("done");
    // The completions end early (the grammar is complete): the job's total drops by the unused budget, so a
    // finished job ends at its total (the tray's bar and ETA count only tokens that will come).
    expect(good.total).toBeLessThan(80);
    expect(good.done).toBe(good.total);
  });
});

describe("context size above the trained length", () => {
  it("is lowered with a warning on the load, and the estimate resolves it the same way and says so", async () => {
    const info = await core.api.getModelInfo({ path: modelFile });
    expect(info.trainedContextLength).toBe(2048);
    const loaded = (await finished((await core.api.loadModel({ path: modelFile, gpu: "cpu", contextSize: 8192, threads: 1 })).jobId)).result as LoadedModel;
    expect(loaded).toMatchObject({ contextSize: 2048, contextClamp: { requested: 8192, trainedContextLength: 2048 } });
    expect(loaded.warnings).toEqual(["Context size 8192 is above the model's trained context length (2048 tokens); it is lowered to 2048."]);
    expect(await core.api.getLoadedModel()).toMatchObject({ contextClamp: { requested: 8192 } });

    const over = await core.api.estimateModelMemory({ path: modelFile, contextSize: 8192 });
    const at = await core.api.estimateModelMemory({ path: modelFile, contextSize: 2048 });
    expect(over).toMatchObject({ contextSize: 2048, requestedContextSize: 8192, trainedContextLength: 2048 });
    expect(over.warnings[0]).toContain("lowered to 2048. This estimate is for 2048.");
    expect(over.total).toEqual(at.total);
    expect(at.warnings).toEqual([]);
    const within = (await finished((await core.api.loadModel({ path: modelFile, gpu: "cpu", contextSize: 512, threads: 1 })).jobId)).result as LoadedModel;
    expect(within).toMatchObject({ contextSize: 512, contextClamp: null, warnings: [] });
  });
});

describe("watched model folders", () => {
  it("notice a new file, a file still being copied (copying, not broken) and a removed file without a rescan", async () => {
    const folder = path.join(dir, "watched");
    await mkdir(path.join(folder, "sub"), { recursive: true });
    expect((await core.api.addModelFolder({ folder })).models).toEqual([]);

    const arrived = path.join(folder, "sub", "tiny-copy.gguf");
    await copyFile(modelFile, arrived);
    const added = await nextModelsEvent((event) => event.added.includes(arrived));
    expect(added).toMatchObject({ folder, removed: [], broken: [] });
    expect((await core.api.listModels()).map((entry) => entry.path)).toContain(arrived);
    const loaded = (await finished((await core.api.loadModel({ path: arrived, gpu: "cpu", contextSize: 256, threads: 1 })).jobId)).result as LoadedModel;
    // Two files with the same model name are told apart by file name and folder.
    expect(loaded).toMatchObject({ folder, info: { fileName: "tiny-copy.gguf", name: "tracetune-tiny" } });

    // Half a file, as a copy in progress leaves it: copying, then a model once it is complete and quiet.
    const whole = await readFile(modelFile);
    const copying = path.join(folder, "big.gguf");
    await writeFile(copying, whole.subarray(0, Math.floor(whole.length / 2)));
    const inProgress = await nextModelsEvent((event) => event.copying.includes(copying));
    expect(inProgress.broken.map((file) => file.path)).not.toContain(copying);
    await appendFile(copying, whole.subarray(Math.floor(whole.length / 2)));
    await nextModelsEvent((event) => event.added.includes(copying), 20_000);

    await unlink(arrived);
    await nextModelsEvent((event) => event.removed.includes(arrived));
    expect((await core.api.listModels()).map((entry) => entry.path).sort()).toEqual([copying]);

    // A file that does not read and has been quiet for a while is broken, not copying.
    const bad = path.join(folder, "bad.gguf");
    await writeFile(bad, "not a model");
    await utimes(bad, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const broken = await nextModelsEvent((event) => event.broken.some((file) => file.path === bad));
    expect(broken.copying).not.toContain(bad);
    await core.api.removeModelFolder({ folder });
  }, 60_000);
});
