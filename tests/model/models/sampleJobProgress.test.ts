// Issue 11: a sample job counts generated tokens, in the unit of its total (k × maxTokens), so its ETA is not
// off by the tokens whose text is held back and a finished job shows as finished (done equals total).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobState, SampleResult } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

let dir: string;
let core: Core;

async function finished(jobId: string): Promise<JobState & { result: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-sample-progress-"));
  core = await createCore({ dataDir: path.join(dir, "data"), host: "cli" });
  const load = await finished((await core.api.loadModel({ path: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, threads: 1 })).jobId);
  expect(load.status).toBe("done");
});

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("a sample job's progress", () => {
  it("counts decode steps (the longest completion's tokens), also for tokens whose text is held back, and ends at its total", async () => {
    // The generated model's byte-level vocabulary emits bytes that often complete a character only a token or
    // more later, and the stop string holds back text that might start it: fewer text pieces than tokens.
    const job = await finished((await core.api.sample({ request: { prompt: "def f(x):\n", k: 3, maxTokens: 48, temperature: 0.8, seed: 7, stop: ["\n\n\n"] } })).jobId);
    const longest = Math.max(...(job.result as SampleResult).completions.map((completion) => completion.tokens));
    expect(longest).toBeGreaterThan(0);
    expect(job).toMatchObject({ status: "done", done: longest, total: longest });
  });

  it("runs completions past parallelSequences in waves and counts each wave's steps", async () => {
    expect((await finished((await core.api.loadModel({ path: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, threads: 1, parallelSequences: 2 })).jobId)).status).toBe("done");
    const events: JobState[] = [];
    const stop = core.subscribe((event) => event.topic === "job" && event.payload.kind === "models.sample" && events.push(event.payload));
    const job = await finished((await core.api.sample({ request: { prompt: "def f(x):\n", k: 3, maxTokens: 24, temperature: 0.8, seed: 9 } })).jobId);
    stop();
    // Waves of 2 and 1 completions, each 24 steps at most: never a total of 3 × 24 tokens.
    expect(events[0].total).toBe(48);
    const tokens = (job.result as SampleResult).completions.map((completion) => completion.tokens);
    const steps = Math.max(tokens[0], tokens[1]) + tokens[2];
    expect(job).toMatchObject({ status: "done", done: steps, total: steps });
  });
});
