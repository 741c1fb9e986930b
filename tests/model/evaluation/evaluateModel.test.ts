// Model evaluation through the real repair step on generated GGUF models: the tiny model's output is forced by
// a GBNF grammar to one of a few known answers (a right fix for one task, a wrong program, prose), so which
// verdict each sample must get is known from its text, while prompting, sampling, parsing, the sandbox, the
// samples file and the scoring all run for real.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationResult, EvaluationSampleRecord, TaskView } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { passAtK } from "../../../native/evaluation/passAtK.js";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { loadExemplars } from "../../../native/repair/exemplars.js";
import { ensureTestAdapter, ensureTestModel } from "../gguf/ensureTestModel.js";

const fence = "```";
let core: Core;
let dataDir: string;
let modelPath: string;
let tasks: TaskView[];

async function finish(jobId: string): Promise<{ status: string; result: EvaluationResult }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status === "failed") throw Object.assign(new Error(job.error?.message), job.error);
    if (job.status !== "running") return { status: job.status, result: job.result as EvaluationResult };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const records = (id: string): EvaluationSampleRecord[] => readFileSync(path.join(dataDir, "evaluations", id, "samples.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));

/** A grammar whose sentences are exactly `answers` (alternatives with distinct first characters). */
function gbnfChoice(answers: string[]): string {
  const literal = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
  return `root ::= ${answers.map(literal).join(" | ")}`;
}

let answers: { fix: Map<string, string>; wrong: string; prose: string };
let grammar: string;

beforeAll(async () => {
  modelPath = await ensureTestModel({ size: "tiny" });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-eval-model-"));
  core = await createCore({ host: "cli", dataDir });
  const imported = await core.api.getJob({ id: (await core.api.importDemoTasks({ validate: true })).jobId });
  for (let job = imported; job.status === "running"; job = await core.api.getJob({ id: job.id })) await new Promise((resolve) => setTimeout(resolve, 100));
  const rows = (await core.api.listTasks({ setId: "demo", status: "valid", limit: 1000 })).tasks.filter((row) => row.split !== "train");
  tasks = await Promise.all(rows.map((row) => core.api.getTask({ id: row.id })));
  expect(tasks.length).toBe(3);
  // Answers: each task's right fix (A, B, C…), a wrong program for the first task, and prose with no code.
  const fix = new Map(tasks.map((task, i) => [task.id, `${String.fromCharCode(65 + i)}. Rationale: the loop misses a case.\nFixed program:\n${fence}python\n${task.reference}${fence}`]));
  answers = { fix, wrong: `W. Rationale: return early.\nFixed program:\n${fence}python\ndef ${tasks[0].entryPoint}(*args):\n    return None\n${fence}`, prose: "P. The bug is in the loop." };
  grammar = gbnfChoice([...fix.values(), answers.wrong, answers.prose]);
  // Loaded once with small settings; the evaluation reuses the loaded model when path and adapters match.
  const load = await core.api.loadModel({ path: modelPath, gpu: "cpu", contextSize: 4096, parallelSequences: 4, threads: 1 });
  await finish(load.jobId);
});
afterAll(async () => {
  await core?.dispose();
  await disposeLlamas();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The verdict a sample must get from its forced text alone. */
function expectedVerdict(record: EvaluationSampleRecord): string {
  if (record.completion === answers.prose) return "unparsable";
  if (record.completion === answers.fix.get(record.taskId)) return "pass";
  return "not pass";
}

describe("evaluate a local model through the repair step", () => {
  let first: EvaluationResult;

  it("draws n samples per task and condition (with and without trace side by side), verifies them and scores pass@k", async () => {
    const { status, result } = await finish((await core.api.evaluate({ setId: "demo", source: { kind: "model", path: modelPath }, n: 4, ks: [1, 2], traceFormats: ["next", "none"], grammar, seed: 3, maxTokens: 200, fewShot: 0 })).jobId);
    expect(status).toBe("done");
    first = result;
    expect(result.conditions.map((condition) => condition.id)).toEqual(["next", "none"]);
    expect(result.isComplete).toBe(true);
    expect(result.missing).toEqual([]);
    const stored = records(result.evaluationId);
    expect(stored).toHaveLength(3 * 2 * 4);
    const verdicts = new Set<string>();
    for (const record of stored) {
      const expected = expectedVerdict(record);
      if (expected === "not pass") expect(["pass", "unparsable"]).not.toContain(record.verdict);
      else expect(record.verdict).toBe(expected);
      verdicts.add(expected);
      expect(record.seed).not.toBeNull();
    }
    for (const condition of result.conditions) {
      expect(condition.tasks.map((task) => task.taskId)).toEqual(tasks.map((task) => task.id));
      for (const task of condition.tasks) {
        const mine = stored.filter((record) => record.condition === condition.id && record.taskId === task.taskId);
        expect(mine.map((record) => record.sampleIndex).sort()).toEqual([0, 1, 2, 3]);
        expect(task).toMatchObject({ n: 4, c: mine.filter((record) => record.verdict === "pass").length });
      }
      const expected = condition.tasks.reduce((sum, task) => sum + passAtK({ n: 4, c: task.c, k: 2 }), 0) / 3;
      expect(condition.passAtK["2"]).toBeCloseTo(expected, 12);
    }
    // The random model picks several of the forced answers: the test exercises more than one verdict.
    expect(verdicts.size).toBeGreaterThan(1);
  });

  it("resumes after a crash: a torn line and the samples after it are redone, none is written twice", async () => {
    const file = path.join(dataDir, "evaluations", first.evaluationId, "samples.jsonl");
    const lines = readFileSync(file, "utf8").trim().split("\n");
    writeFileSync(file, lines.slice(0, 17).join("\n") + "\n" + lines[17].slice(0, 30));
    const { status, result } = await finish((await core.api.evaluate({ setId: "demo", source: { kind: "model", path: modelPath }, n: 4, ks: [1, 2], traceFormats: ["next", "none"], grammar, seed: 3, maxTokens: 200, fewShot: 0 })).jobId);
    expect(status).toBe("done");
    expect(result.evaluationId).toBe(first.evaluationId);
    const stored = records(result.evaluationId);
    expect(stored).toHaveLength(24);
    expect(new Set(stored.map((record) => `${record.condition}/${record.taskId}/${record.sampleIndex}`)).size).toBe(24);
    expect(result.tasks.every((task) => task.n === 4)).toBe(true);
    // Re-running a finished evaluation samples nothing and writes nothing.
    const again = await finish((await core.api.evaluate({ setId: "demo", source: { kind: "model", path: modelPath }, n: 4, ks: [1, 2], traceFormats: ["next", "none"], grammar, seed: 3, maxTokens: 200, fewShot: 0 })).jobId);
    expect(again.result.passAtK).toEqual(result.passAtK);
    expect(records(result.evaluationId)).toEqual(stored);
  });

  it("proxy evaluation: a second model (adapter) writes fixes with the first one's rationales as hints, and without", async () => {
    const adapter = await ensureTestAdapter({ size: "tiny", variant: 7 });
    // The "second model" is the tiny model with an adapter, loaded small; two tasks keep the one-call-per-hint condition short.
    await finish((await core.api.loadModel({ path: modelPath, loraAdapters: [adapter], gpu: "cpu", contextSize: 4096, parallelSequences: 2, threads: 1 })).jobId);
    const proxyTasks = tasks.slice(0, 2).map((task) => task.id);
    const { status, result } = await finish((await core.api.evaluate({
      setId: "demo", taskIds: proxyTasks, source: { kind: "model", path: modelPath, loraAdapters: [adapter] }, n: 2, ks: [1], traceFormats: ["none"], grammar, seed: 5, maxTokens: 200, fewShot: 0, rationalesFrom: first.evaluationId,
    })).jobId);
    expect(status).toBe("done");
    expect(result.conditions.map((condition) => [condition.id, condition.hintsFrom])).toEqual([["none+hints", first.evaluationId], ["none", null]]);
    const source = records(first.evaluationId).filter((record) => record.condition === "next" && record.rationale);
    const stored = records(result.evaluationId);
    for (const record of stored) {
      if (record.condition === "none") {
        expect(record.hint).toBeNull();
        continue;
      }
      const rationales = source.filter((s) => s.taskId === record.taskId).sort((a, b) => a.sampleIndex - b.sampleIndex).map((s) => s.rationale);
      expect(record.hint).toBe(rationales.length > 0 ? rationales[record.sampleIndex % rationales.length] : null);
    }
    const comparison = await core.api.compareEvaluations({ baseId: result.evaluationId, otherId: result.evaluationId, baseCondition: "none", otherCondition: "none+hints", k: 1 });
    expect(comparison.pairedTasks).toBe(2);
    expect(stored).toHaveLength(2 * 2 * 2);
    expect(comparison.difference).toBeCloseTo(result.conditions[0].passAtK["1"]! - result.conditions[1].passAtK["1"]!, 12);
    expect((await core.api.getLoadedModel())?.loraAdapters).toEqual([adapter]);
  }, 600_000);

  it("leaves out a task that is one of the prompt's worked exemplars, saying so", async () => {
    const [exemplar] = loadExemplars();
    const file = path.join(dataDir, "own.jsonl");
    const ownTask = { id: "halve", description: "Return half of n, rounded down.", buggyProgram: "def halve(n):\n    return n // 3\n", reference: "def halve(n):\n    return n // 2\n", tests: ["assert halve(4) == 2", "assert halve(5) == 2"], split: "test" };
    const copied = { id: "copied", description: exemplar.description, buggyProgram: exemplar.buggyProgram, reference: exemplar.fixedProgram, tests: exemplar.tests.split("\n").filter(Boolean), split: "test" };
    writeFileSync(file, [ownTask, copied].map((task) => JSON.stringify(task)).join("\n") + "\n");
    const imported = await core.api.getJob({ id: (await core.api.importTasks({ format: "jsonl", files: [file], setId: "own-eval" })).jobId });
    for (let job = imported; job.status === "running"; job = await core.api.getJob({ id: job.id })) await new Promise((resolve) => setTimeout(resolve, 100));
    const { result } = await finish((await core.api.evaluate({ setId: "own-eval", source: { kind: "model", path: modelPath }, n: 1, ks: [1], traceFormats: ["none"], grammar, seed: 1, maxTokens: 200, fewShot: 0 })).jobId);
    expect(result.leftOut).toEqual([{ taskId: "own-eval/copied", reason: expect.stringContaining(`matches prompt exemplar ${exemplar.id}`) }]);
    expect(result.tasks.map((task) => task.taskId)).toEqual(["own-eval/halve"]);
    expect(result.missing).toEqual([]);
  }, 300_000);
});
