import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EvaluationSampleRecord } from "../../../native/api/evaluationApi.js";
import { EvaluationStore } from "../../../native/evaluation/EvaluationStore.js";
import { observedTokensPerSample } from "../../../native/rounds/node/observedTokensPerSample.js";

const record = (taskId: string, sampleIndex: number, tokens: number | null) =>
  ({ condition: "next", taskId, sampleIndex, verdict: "fail", tokens }) as unknown as EvaluationSampleRecord;

let dataDir: string;
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

describe("observedTokensPerSample: the hard-set samples' real completion length, for the planner", () => {
  it("averages the tokens of every stored sample of the given evaluations, skipping samples without a count", async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-observed-"));
    const store = new EvaluationStore({ dataDir });
    await store.appendSamples("run-r1-hard-1", [record("a", 0, 100), record("a", 1, 140), record("b", 0, null)]);
    await store.appendSamples("run-r1-hard-2", [record("c", 0, 60)]);
    await store.appendSamples("other", [record("d", 0, 5000)]);
    expect(await observedTokensPerSample({ dataDir, evaluationIds: ["run-r1-hard-1", "run-r1-hard-2"] })).toBe(100);
  });

  it("is null when the evaluations hold no sample (all reused, or none stored yet)", async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-observed-"));
    expect(await observedTokensPerSample({ dataDir, evaluationIds: ["missing"] })).toBeNull();
    expect(await observedTokensPerSample({ dataDir, evaluationIds: [] })).toBeNull();
  });
});
