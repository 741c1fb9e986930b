import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, JinjaTemplateChatWrapper, LlamaText } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportManifest } from "../../../native/api/exportApi.js";
import { planExport } from "../../../native/export/node/planExport.js";
import { rebuildNoTracePrompt } from "../../../native/export/node/rebuildNoTracePrompt.js";
import { buildNoTraceMessages } from "../../../native/repair/composeRepairMessages.js";
import { loadExemplars } from "../../../native/repair/exemplars.js";
import { exportFiles, writeExport } from "../../../native/export/node/writeExport.js";
import { parseCompletion } from "../../../native/repair/parseCompletion.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { buildRoundFixture, rebuildFixturePrompt, repairCases } from "./buildRoundFixture.js";

let dir: string;
let model: string;

/** Every line of a JSONL file parsed, checking each is valid UTF-8 JSON on its own line. */
async function readJsonl(file: string): Promise<any[]> {
  const bytes = await readFile(file);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  if (text === "") return [];
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
}

async function exportOnce(name: string, args: Partial<Parameters<typeof writeExport>[0]["args"]> = {}, fixture: Partial<Parameters<typeof buildRoundFixture>[0]> = {}) {
  const dataDir = path.join(dir, name, "data");
  await buildRoundFixture({ dataDir, run: "run1", modelFile: model, ...fixture });
  const store = await TaskStore.open({ dataDir });
  const out = path.join(dir, name, "export");
  // The fixture's prompts stand for repair prompts; "no-trace-real" rebuilds them with the repair prompt builder itself.
  const rebuildPrompt = name === "no-trace-real" ? rebuildNoTracePrompt(store) : rebuildFixturePrompt;
  const manifest = await writeExport({ dataDir, store, args: { run: "run1", out, ...args }, rebuildPrompt });
  return { dataDir, store, out, manifest };
}

describe("export of kept round samples", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-export-"));
    model = await ensureTestModel({ size: "tiny" });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes every file in each trainer's shape, and the manifest counts what the files hold", async () => {
    const { out, manifest } = await exportOnce("shapes", {}, { contaminatedWith: "last_item" });
    const written = JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8")) as ExportManifest;
    expect(written).toEqual(manifest);
    // 12 tasks × 2 kept samples; the dropped sample per task is not exported.
    expect(manifest.counts).toMatchObject({ records: 36, kept: 24, tasks: 12 });
    expect(manifest.template).toMatchObject({ source: "model", isFallback: false });
    expect(manifest.tokenizer).toBe("model");
    expect(manifest.model?.file).toBe(model);

    // The planted dev copy of last_item (renamed variables) makes that task contaminated: its rows are left out and listed.
    expect(manifest.contamination.contaminatedTaskIds).toEqual(["toy/last_item"]);
    expect(manifest.contamination.pairs[0]).toMatchObject({ trainTaskId: "toy/last_item", evalTaskId: "toy/dev_last_item" });
    expect(manifest.rows.filter((row) => row.taskId === "toy/last_item").every((row) => row.excludedReason === "contaminated")).toBe(true);
    expect(manifest.counts.rows).toBe(22);

    const messagesTrain = await readJsonl(path.join(out, exportFiles.messagesTrain));
    const messagesValid = await readJsonl(path.join(out, exportFiles.messagesValid));
    const pcTrain = await readJsonl(path.join(out, exportFiles.promptCompletionTrain));
    const pcValid = await readJsonl(path.join(out, exportFiles.promptCompletionValid));
    expect(messagesTrain.length).toBe(manifest.counts.train);
    expect(messagesValid.length).toBe(manifest.counts.valid);
    expect(pcTrain.length).toBe(manifest.counts.train);
    expect(pcValid.length).toBe(manifest.counts.valid);
    expect(manifest.counts.train + manifest.counts.valid).toBe(manifest.counts.rows);
    expect(manifest.counts.valid).toBeGreaterThan(0);
    for (const [relative, info] of Object.entries(manifest.files)) {
      if (relative.endsWith(".jsonl")) expect((await readJsonl(path.join(out, relative))).length, relative).toBe(info.rows);
    }

    // messages: system, user, assistant last; the assistant turn parses back to the sample's rationale and code.
    const byName = new Map(repairCases.map((c) => [c.name, c]));
    for (const { messages } of [...messagesTrain, ...messagesValid]) {
      expect(messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant"]);
      expect(messages[1].content).toContain("Execution trace of");
      const parsed = parseCompletion(messages[2].content);
      expect(parsed.ok).toBe(true);
      const name = /def (\w+)/.exec(messages[2].content)![1];
      if (parsed.ok) expect(parsed.code.trimEnd()).toBe(byName.get(name as never)!.fixed);
    }
    // prompt-completion: the prompt's messages, and the assistant turn alone.
    for (const row of pcTrain) {
      expect(row.prompt.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
      expect(row.completion).toHaveLength(1);
      expect(row.completion[0].role).toBe("assistant");
    }

    // The validation split is by task: no task in both, and every valid row's task is a valid task.
    const taskOf = (messages: Array<{ content: string }>) => /def (\w+)/.exec(messages[2].content)![1];
    const trainTasks = new Set(messagesTrain.map((row) => taskOf(row.messages)));
    const validTasks = new Set(messagesValid.map((row) => taskOf(row.messages)));
    expect([...trainTasks].filter((name) => validTasks.has(name))).toEqual([]);
    expect(manifest.split.validTaskIds.length).toBeGreaterThanOrEqual(1);

    // The corpus is every train row rendered with the model's own template; the template file is the GGUF's.
    const template = await readFile(path.join(out, exportFiles.chatTemplate), "utf8");
    const llama = await getLlama({ gpu: false, build: "never", skipDownload: true });
    const vocab = await llama.loadModel({ modelPath: model, vocabOnly: true });
    expect(template).toBe(vocab.fileInfo.metadata.tokenizer?.chat_template);
    const jinja = new JinjaTemplateChatWrapper({ template });
    const corpus = await readFile(path.join(out, exportFiles.corpus), "utf8");
    for (const { messages } of messagesTrain) {
      const history = messages.map((m: { role: string; content: string }) => (m.role === "assistant" ? { type: "model", response: [m.content] } : { type: m.role, text: m.content }));
      const rendered = LlamaText(jinja.generateContextState({ chatHistory: history }).contextText).toString();
      // The Jinja template renders the same turns the corpus holds (the open last turn is closed in the corpus).
      expect(corpus).toContain(rendered.replace(/^BOS/, ""));
    }
    expect(corpus.split("<|im_start|>assistant\n").length - 1).toBe(manifest.counts.train);

    // The completions corpus (llama-finetune's stand-in for prompt masking): each train row's assistant turn
    // alone, closed as in the corpus, in the corpus's order, and nothing of the prompts.
    const completions = await readFile(path.join(out, exportFiles.completionsCorpus), "utf8");
    const turns = messagesTrain.map(({ messages }) => `${messages[messages.length - 1].content}<|im_end|>\n`);
    expect(completions).toBe(turns.join(""));
    for (const turn of turns) expect(corpus).toContain(`<|im_start|>assistant\n${turn}`);
    expect(completions).not.toContain("<|im_start|>");
    expect(manifest.files[exportFiles.completionsCorpus].rows).toBe(manifest.counts.train);
    expect(manifest.files[exportFiles.completionsCorpusValid].rows).toBe(manifest.counts.valid);

    // Token counts are the model's own: the whole row as sampling tokenizes it.
    const row = manifest.rows.find((candidate) => candidate.isIncluded)!;
    expect(row.tokens).toBe(row.promptTokens + row.completionTokens);
    expect(row.receipt.taskId).toBe(row.taskId);
    expect(manifest.tokens.train.rows).toBe(manifest.counts.train);
    expect(manifest.tokens.train.histogram.counts.reduce((a, b) => a + b, 0)).toBe(manifest.counts.train);
    await vocab.dispose();
  });

  it("leaves out a task that is a prompt exemplar, and says which and why", async () => {
    const dataDir = path.join(dir, "exemplar", "data");
    const { records } = await buildRoundFixture({ dataDir, run: "run1", modelFile: model, cases: 3 });
    const exemplar = loadExemplars()[0];
    const store = await TaskStore.open({ dataDir });
    const base = await store.getTask(records[0].taskId);
    const { validation: _validation, ...task } = base;
    await store.appendTasks("toy", [{ ...task, id: "toy/exemplar_copy", buggyProgram: exemplar.buggyProgram, reference: exemplar.fixedProgram }]);
    const samples = path.join(dataDir, "rounds", "run1", "round-1", "samples.jsonl");
    await writeFile(samples, (await readFile(samples, "utf8")) + JSON.stringify({ ...records[0], taskId: "toy/exemplar_copy" }) + "\n");
    const manifest = await writeExport({ dataDir, store, args: { run: "run1", out: path.join(dir, "exemplar", "out") } });
    expect(manifest.contamination.exemplarOverlaps).toEqual([expect.objectContaining({ taskId: "toy/exemplar_copy", exemplarId: exemplar.id })]);
    expect(manifest.rows.find((row) => row.taskId === "toy/exemplar_copy")).toMatchObject({ isIncluded: false, excludedReason: "exemplar_overlap" });
    expect(manifest.counts.rows).toBe(6);
  });

  it("keeps each task in its split across exports (frozen per run), even when new tasks arrive", async () => {
    const dataDir = path.join(dir, "frozen", "data");
    await buildRoundFixture({ dataDir, run: "run1", modelFile: model, cases: 4 });
    const store = await TaskStore.open({ dataDir });
    const first = await writeExport({ dataDir, store, args: { run: "run1", out: path.join(dir, "frozen", "a") } });
    await buildRoundFixture({ dataDir, run: "run1", modelFile: model, rounds: 2 });
    const second = await writeExport({ dataDir, store: await TaskStore.open({ dataDir }), args: { run: "run1", out: path.join(dir, "frozen", "b") } });
    for (const id of first.split.validTaskIds) expect(second.split.validTaskIds).toContain(id);
    for (const id of first.split.trainTaskIds) expect(second.split.trainTaskIds).toContain(id);
    expect(second.rounds).toEqual([1, 2]);
    const onlyRound2 = await planExport({ dataDir, store, args: { run: "run1", rounds: [2] } });
    expect(onlyRound2.manifest.counts.kept).toBe(24);
    await onlyRound2.renderer.dispose();
  });

  it("without the trace, with a system prompt, and with over-length rows excluded or kept", async () => {
    // A limit between the shortest and the longest row (byte-level vocabulary: about a token per character).
    const probe = await exportOnce("probe", { includeTrace: false, systemPrompt: "Be brief." });
    const limit = probe.manifest.tokens.train.p50;
    const { manifest, out } = await exportOnce("options", { includeTrace: false, systemPrompt: "Be brief.", maxTokens: limit, overLength: "exclude" });
    const rows = await readJsonl(path.join(out, exportFiles.messagesTrain));
    for (const { messages } of rows) {
      expect(messages[0]).toEqual({ role: "system", content: "Be brief." });
      expect(messages[1].content).not.toContain("Execution trace");
    }
    // With the store's tasks, the no-trace prompt is the repair prompt for trace format "none" (template of the receipt).
    const real = await exportOnce("no-trace-real", { includeTrace: false }, { cases: 3 });
    const realRows = await readJsonl(path.join(real.out, exportFiles.messagesTrain));
    const task = await real.store.getTask(real.manifest.split.trainTaskIds[0]);
    const expected = buildNoTraceMessages({ task, templateId: "next-repair-v1", fewShot: 0 }).messages;
    expect(realRows.map((row) => row.messages.slice(0, -1))).toContainEqual(expected.map((m) => ({ role: m.role, content: m.content })));
    expect(manifest.overLength.rowIds.length).toBeGreaterThan(0);
    expect(manifest.overLength.rowIds.length).toBeLessThan(manifest.counts.kept);
    expect(manifest.rows.filter((row) => row.isOverLength).every((row) => row.tokens > limit && !row.isIncluded)).toBe(true);
    expect(manifest.counts.rows).toBe(manifest.counts.kept - manifest.overLength.rowIds.length);
    const kept = await exportOnce("options-keep", { includeTrace: false, systemPrompt: "Be brief.", maxTokens: limit, overLength: "keep" });
    expect(kept.manifest.counts.rows).toBe(kept.manifest.counts.kept);
    expect(kept.manifest.overLength.rowIds.length).toBeGreaterThan(0);
  });

  it("falls back to ChatML with estimated counts when no model template is available, and says so", async () => {
    const { manifest, out } = await exportOnce("fallback", {}, { modelFile: null, cases: 3 });
    expect(manifest.template).toMatchObject({ source: "chatml-fallback", isFallback: true });
    expect(manifest.tokenizer).toBe("estimate");
    expect(manifest.model).toBeNull();
    const corpus = await readFile(path.join(out, exportFiles.corpus), "utf8");
    expect(corpus.startsWith("<|im_start|>system\n")).toBe(true);
    // Three tasks: one goes to valid, and both split files exist.
    expect(manifest.counts.valid).toBeGreaterThan(0);
    expect((await readFile(path.join(out, exportFiles.messagesValid), "utf8")).length).toBeGreaterThan(0);
  });

  it("refuses a non-empty output dir and a run without kept samples, naming them", async () => {
    const { dataDir, store, out } = await exportOnce("refusals", {}, { cases: 2 });
    await expect(writeExport({ dataDir, store, args: { run: "run1", out } })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining(out) });
    await expect(writeExport({ dataDir, store, args: { run: "nope", out: path.join(dir, "x") } })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining('no run "nope"') });
    await expect(writeExport({ dataDir, store, args: { run: "run1", rounds: [3], out: path.join(dir, "y") } })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("no round 3") });
    // A torn last line (a round killed mid-append) is skipped; a bad line inside the file is named by file and line.
    const samples = path.join(dataDir, "rounds", "run1", "round-1", "samples.jsonl");
    const text = await readFile(samples, "utf8");
    await writeFile(samples, `${text}{"run": "run1", "rou`);
    expect((await writeExport({ dataDir, store, args: { run: "run1", out: path.join(dir, "torn") } })).counts.records).toBe(6);
    await writeFile(samples, `not json\n${text}`);
    await expect(writeExport({ dataDir, store, args: { run: "run1", out: path.join(dir, "bad") } })).rejects.toMatchObject({ code: "corrupt_store", message: expect.stringContaining("samples.jsonl:1: ") });
  });
});
