import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EvaluationConfig, EvaluationSampleRecord } from "../../../native/api/index.js";
import { EvaluationStore } from "../../../native/evaluation/EvaluationStore.js";
import { findEvaluations } from "../../../native/evaluation/findEvaluations.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "tracetune-eval-store-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const record = (taskId: string, sampleIndex: number, verdict: EvaluationSampleRecord["verdict"] = "pass"): EvaluationSampleRecord => ({
  condition: "next", taskId, sampleIndex, verdict, reason: null, completion: "x", code: "y", rationale: "z", hint: null, checkScore: null, seed: 1, tokens: 3, line: null, failing: [], elapsedMs: 1,
});

function config(id: string, identity: Partial<EvaluationConfig["identity"]>, createdAt: string): EvaluationConfig {
  return {
    id, setId: "demo", splits: ["dev", "test"], taskIds: null, source: { kind: "engine", engine: { url: "http://127.0.0.1:1/v1" } }, n: 8, ks: [1], temperature: 0.8, seed: 1,
    maxTokens: null, fewShot: null, grammarHash: null, conditions: [{ id: "next", traceFormat: "next", hintsFrom: null }], rationalesFrom: null, includeInvalid: false,
    identity: { modelHash: null, adapterHash: null, engine: null, templateId: null, traceFormat: null, temperature: null, ...identity }, createdAt,
  };
}

describe("EvaluationStore", () => {
  it("cuts a torn last line off (so the next append starts a fresh line) and keeps the first record of a key", async () => {
    const store = new EvaluationStore({ dataDir });
    await store.appendSamples("e1", [record("a", 0), record("a", 1, "fail")]);
    appendFileSync(store.samplesFile("e1"), '{"schemaVersion":1,"condition":"next","taskId":"a","sampleIn');
    expect((await store.readSamples("e1")).map((r) => r.sampleIndex)).toEqual([0, 1]);
    expect(readFileSync(store.samplesFile("e1"), "utf8").endsWith("\n")).toBe(false); // reading alone changes nothing
    await store.readSamples("e1", { repair: true });
    await store.appendSamples("e1", [record("a", 2), record("a", 1, "pass")]);
    const lines = readFileSync(store.samplesFile("e1"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]).schemaVersion).toBe(1);
    expect((await store.readSamples("e1")).map((r) => [r.sampleIndex, r.verdict])).toEqual([[0, "pass"], [1, "fail"], [2, "pass"]]);
  });

  it("refuses a record from a newer tracetune, naming file and line", async () => {
    const store = new EvaluationStore({ dataDir });
    await store.appendSamples("e2", [record("a", 0)]);
    appendFileSync(store.samplesFile("e2"), JSON.stringify({ ...record("a", 1), schemaVersion: 99 }) + "\n");
    await expect(store.readSamples("e2")).rejects.toMatchObject({ code: "unsupported_schema_version", message: expect.stringContaining(`${store.samplesFile("e2")}:2`) });
  });

  it("refuses ids that could leave the evaluations folder", () => {
    const store = new EvaluationStore({ dataDir });
    expect(() => store.dir("../x")).toThrow(/must be letters/);
    expect(() => store.dir("a/b")).toThrow(/must be letters/);
  });
});

describe("findEvaluations", () => {
  it("matches every given identity field, newest first", async () => {
    const store = new EvaluationStore({ dataDir });
    await store.writeConfig(config("old", { modelHash: "m1", traceFormat: "next", temperature: 0.8, adapterHash: null }, "2026-01-01T00:00:00.000Z"));
    await store.writeConfig(config("new", { modelHash: "m1", traceFormat: "next", temperature: 0.8, adapterHash: null }, "2026-02-01T00:00:00.000Z"));
    await store.writeConfig(config("hot", { modelHash: "m1", traceFormat: "next", temperature: 1.0, adapterHash: null }, "2026-03-01T00:00:00.000Z"));
    await store.writeConfig(config("lora", { modelHash: "m1", traceFormat: "next", temperature: 0.8, adapterHash: "a1" }, "2026-04-01T00:00:00.000Z"));
    const found = await findEvaluations({ dataDir, identity: { modelHash: "m1", traceFormat: "next", temperature: 0.8, adapterHash: null } });
    expect(found.map((c) => c.id)).toEqual(["new", "old"]);
    expect((await findEvaluations({ dataDir, identity: { modelHash: "m2" } }))).toEqual([]);
    expect((await findEvaluations({ dataDir, identity: { modelHash: "m1" }, setId: "other" }))).toEqual([]);
  });
});
