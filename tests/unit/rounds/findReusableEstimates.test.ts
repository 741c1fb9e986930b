import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EvaluationIdentity, EvaluationSampleRecord } from "../../../native/api/evaluationApi.js";
import { buildEvaluationConfig } from "../../../native/evaluation/buildEvaluationConfig.js";
import { EvaluationStore } from "../../../native/evaluation/EvaluationStore.js";
import { scoreEvaluation } from "../../../native/evaluation/scoreEvaluation.js";
import { findReusableEstimates } from "../../../native/rounds/node/estimateHardSet.js";

const identity: EvaluationIdentity = { modelHash: "m1", adapterHash: null, engine: null, templateId: "next-repair-v1", traceFormat: "next", temperature: 0.8 };

/** Writes a scored evaluation of `n` samples per task (the first `passes[task]` of them pass) with `identity`. */
async function storeEvaluation(dataDir: string, id: string, options: { identity: EvaluationIdentity; n: number; passes: Record<string, number>; now: Date }) {
  const store = new EvaluationStore({ dataDir });
  const config = await buildEvaluationConfig({ id, setId: "demo", taskIds: Object.keys(options.passes), source: { kind: "model", path: "/m.gguf" }, n: options.n, ks: [1], identity: options.identity }, { now: options.now });
  await store.writeConfig(config);
  const records: EvaluationSampleRecord[] = Object.entries(options.passes).flatMap(([taskId, c]) => Array.from({ length: options.n }, (_, sampleIndex) => ({
    condition: "next", taskId, sampleIndex, verdict: sampleIndex < c ? "pass" : "fail", reason: null, completion: "", code: "", rationale: "", hint: null, checkScore: null, seed: sampleIndex, tokens: 1, line: null, failing: [], elapsedMs: 1,
  } as EvaluationSampleRecord)));
  await store.writeSummary(scoreEvaluation({ config, tasks: Object.keys(options.passes).map((taskId) => ({ id: taskId, sourceId: taskId, bugType: null })), records, isComplete: true }));
}

describe("findReusableEstimates", () => {
  it("reuses a task's counts only when model hash, adapter, template, trace format and temperature all match and n >= hardN; the newest wins", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tt-reuse-"));
    await storeEvaluation(dataDir, "old", { identity, n: 4, passes: { "demo/a": 1, "demo/b": 0 }, now: new Date("2026-11-01") });
    await storeEvaluation(dataDir, "new", { identity, n: 4, passes: { "demo/a": 3 }, now: new Date("2026-11-02") });
    await storeEvaluation(dataDir, "small", { identity, n: 2, passes: { "demo/c": 0 }, now: new Date("2026-11-03") });
    for (const [field, value] of Object.entries({ modelHash: "m2", adapterHash: "a1", templateId: "other", traceFormat: "none", temperature: 0.5 })) {
      await storeEvaluation(dataDir, `other-${field}`, { identity: { ...identity, [field]: value }, n: 8, passes: { "demo/d": 0 }, now: new Date("2026-11-04") });
    }
    const found = await findReusableEstimates({ dataDir, identity, taskIds: ["demo/a", "demo/b", "demo/c", "demo/d"], hardN: 4, exclude: () => false });
    expect(found.sort((x, y) => x.taskId.localeCompare(y.taskId))).toEqual([
      { taskId: "demo/a", n: 4, c: 3, evaluationId: "new" },
      { taskId: "demo/b", n: 4, c: 0, evaluationId: "old" },
    ]);
    expect(await findReusableEstimates({ dataDir, identity, taskIds: ["demo/a"], hardN: 4, exclude: (id) => id === "new" })).toEqual([{ taskId: "demo/a", n: 4, c: 1, evaluationId: "old" }]);
  });
});
