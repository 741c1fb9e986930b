// The real inference path on the tiny generated model: its output is forced by a GBNF grammar, so the verdicts are
// known in advance while prompt rendering, sampling, parsing, the sandbox and the job machinery all run for real.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RepairResult, RepairSample } from "../../../native/api/repairApi.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { repairCaseFromProgram } from "../../../native/repair/RepairCase.js";
import { runRepair } from "../../../native/repair/runRepair.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { gbnfLiteral } from "./gbnfLiteral.js";

const fence = "```";
const buggy = "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n";
const fixed = buggy.replace("s -= x", "s += x");
const tests = "assert total([]) == 0\nassert total([4]) == 4\nassert total([1, 2]) == 3\n";
const fixAnswer = `Rationale: total([4]) returns -4 because s -= x subtracts.\nFixed program:\n${fence}python\n${fixed}${fence}`;

let modelPath: string;
let core: Core;

async function jobOutcome(jobId: string): Promise<{ status: string; result: RepairResult }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status === "failed") throw Object.assign(new Error(job.error?.message), job.error);
    if (job.status !== "running") return { status: job.status, result: job.result as RepairResult };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  modelPath = await ensureTestModel({ size: "tiny" });
  core = await createCore({ host: "cli", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-repair-model-")) });
  const { jobId } = await core.api.loadModel({ path: modelPath, gpu: "cpu", contextSize: 2048, parallelSequences: 4, threads: 1 });
  await jobOutcome(jobId);
});
afterAll(async () => {
  await core?.dispose();
  await disposeLlamas();
});

describe("repair job on a local model (tiny GGUF, grammar-forced output)", () => {
  it("samples k fixes, verifies each in the sandbox and streams every sample as it is judged", async () => {
    const streamed: RepairSample[] = [];
    let tokenText = "";
    const unsubscribe = core.subscribe((event) => {
      if (event.topic !== "repair") return;
      if (event.payload.kind === "sample") streamed.push(event.payload.sample);
      if (event.payload.kind === "tokens") tokenText += event.payload.deltas.filter((d) => d.index === 0).map((d) => d.text).join("");
    });
    const { jobId } = await core.api.repairStart({ program: buggy, tests, k: 3, seed: 7, maxTokens: 256, fewShot: 0, grammar: gbnfLiteral(fixAnswer) });
    const { status, result } = await jobOutcome(jobId);
    unsubscribe();
    expect(status).toBe("done");
    expect(result.samples.map((s) => [s.index, s.seed, s.verdict])).toEqual([[0, 7, "pass"], [1, 8, "pass"], [2, 9, "pass"]]);
    expect(streamed.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(tokenText).toBe(fixAnswer);
    const [first] = result.samples;
    expect(first).toMatchObject({ code: fixed, rationale: "total([4]) returns -4 because s -= x subtracts.", completion: fixAnswer, finishReason: "eos", templateId: "next-repair-v1", traceFormat: "next" });
    expect(first.tests.every((t) => t.passed)).toBe(true);
    expect(first.claims.map((c) => c.status)).toEqual(["confirmed"]);
    expect(first.checkScore).toBe(1);
    expect(first.tokens.completion).toBeGreaterThan(0);
    expect(first.tokens.prompt).toBeGreaterThan(result.prompt!.budget.rest);
    // The model's identity is the file's real hash, and the prompt was counted with its own tokenizer and template.
    const sha256 = createHash("sha256").update(readFileSync(modelPath)).digest("hex");
    expect(first.model).toMatchObject({ kind: "local", path: modelPath, sha256, contextSize: 2048 });
    expect(result.prompt).toMatchObject({ tokenizer: "model", budget: { contextSize: 2048, maxTokens: 256 } });
    expect(result.prompt!.text).toContain("<|im_start|>user\n");
    expect(result.prompt!.tokens + 256).toBeLessThanOrEqual(2048);
  });

  it("an answer with no program is unparsable, and one cut off by max tokens is truncated", async () => {
    const prose = await core.api.repairStart({ program: buggy, tests, k: 2, seed: 1, maxTokens: 64, fewShot: 0, grammar: gbnfLiteral("The loop should add, not subtract.") });
    const proseResult = (await jobOutcome(prose.jobId)).result;
    expect(proseResult.samples.map((s) => [s.verdict, s.reason, s.code])).toEqual([["unparsable", "no_code", ""], ["unparsable", "no_code", ""]]);
    expect(proseResult.samples[0].rationale).toBe("The loop should add, not subtract.");

    const cut = await core.api.repairStart({ program: buggy, tests, k: 1, seed: 1, maxTokens: 90, fewShot: 0, grammar: gbnfLiteral(fixAnswer) });
    const [sample] = (await jobOutcome(cut.jobId)).result.samples;
    expect(sample).toMatchObject({ verdict: "unparsable", reason: "truncated", finishReason: "maxTokens" });
  });

  it("is cancellable: cancelJob stops sampling and the job ends cancelled", async () => {
    let jobId = "";
    let isCancelSent = false;
    const unsubscribe = core.subscribe((event) => {
      if (event.topic === "repair" && event.payload.kind === "tokens" && event.payload.jobId === jobId && !isCancelSent) {
        isCancelSent = true;
        void core.api.cancelJob({ id: jobId });
      }
    });
    ({ jobId } = await core.api.repairStart({ program: buggy, tests, k: 2, seed: 1, temperature: 1, maxTokens: 1000, fewShot: 0 }));
    const { status, result } = await jobOutcome(jobId);
    unsubscribe();
    expect(isCancelSent).toBe(true);
    expect(status).toBe("cancelled");
    expect(result.samples).toEqual([]);
  });
});

describe("the model as a shared resource", () => {
  it("a repair started while a model load is running waits for it and uses the model loaded then", async () => {
    const load = await core.api.loadModel({ path: modelPath, gpu: "cpu", contextSize: 1024, parallelSequences: 2, threads: 1 });
    const repair = await core.api.repairStart({ program: buggy, tests, k: 1, seed: 1, maxTokens: 32, fewShot: 0, grammar: gbnfLiteral("Add instead.") });
    const { result } = await jobOutcome(repair.jobId);
    expect((await core.api.getJob({ id: load.jobId })).status).toBe("done");
    expect(result.samples[0]).toMatchObject({ verdict: "unparsable", reason: "no_code", model: { kind: "local", contextSize: 1024 } });
    expect(result.prompt!.budget.contextSize).toBe(1024);
  });
});

describe("runRepair used alone (what rounds and evaluation call)", () => {
  it("draws only completions firstIndex..k-1, completion i with seed + i, each carrying its prompt", async () => {
    const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 2048, parallelSequences: 2, threads: 1 });
    try {
      const samples = [];
      for await (const sample of runRepair({
        repairCase: repairCaseFromProgram({ program: buggy, tests }), backend, runtime: await core.context.python.get(), dataDir: core.context.dataDir,
        k: 4, firstIndex: 2, seed: 100, maxTokens: 256, fewShot: 0, traceFormat: "scratchpad", grammar: gbnfLiteral(fixAnswer),
      })) samples.push(sample);
      expect(samples.map((s) => [s.index, s.seed, s.verdict])).toEqual([[2, 102, "pass"], [3, 103, "pass"]]);
      expect(samples[0].prompt.map((m) => m.role)).toEqual(["system", "user"]);
      expect(samples[0].prompt.at(-1)!.content).toContain("# Execution of total([4]):");
      expect(samples[0].traceFormat).toBe("scratchpad");
    } finally {
      await backend.dispose();
    }
  });
});
