import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { RoundSampleRecord } from "../../../native/api/roundTypes.js";
import { sampleSeed } from "../../../native/rounds/common/sampleSeed.js";
import { prepareRun } from "../../../native/rounds/node/prepareRun.js";
import { runRounds } from "../../../native/rounds/node/runRounds.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { makeRoundsDataDir, quietJob, roundsDeps, roundsGrammar } from "./roundsFixture.js";
import { useTinyRoundsModel } from "./useTinyRoundsModel.js";

const tiny = useTinyRoundsModel();

describe("runRounds on the tiny model, the demo tasks and the real sandbox", () => {
  it("estimates the hard set, samples k per hard task, keeps passing distinct fixes with receipts, and a re-run writes nothing", async () => {
    const { runtime, backend, modelPath } = tiny;
    const { dataDir, taskStore } = await makeRoundsDataDir(runtime);
    const deps = roundsDeps({ dataDir, taskStore, runtime, backend });
    const store = new RunStore({ dataDir });
    const args = { name: "r1", taskSetIds: ["demo"], model: { kind: "model" as const, path: modelPath, loraAdapters: [] }, k: 4, hardN: 2, hardM: 1, keptPerTask: 2, evalN: 1, fewShot: 0, maxTokens: 40, temperature: 2, seed: 3, grammar: roundsGrammar };
    await prepareRun({ store, taskStore, args, hasTrainer: false });
    const result = await runRounds({ deps, store, name: "r1", job: quietJob() });
    const run = await store.readRun("r1");
    expect(run.state).toBe("done");
    const [round] = run.rounds;
    expect(round).toMatchObject({ round: 1, stage: "done", candidates: ["demo/average", "demo/first_position"] });
    expect(round.estimates!.map((estimate) => estimate.n)).toEqual([2, 2]);
    const records = await store.readSamples("r1", 1);
    expect(records.length).toBe(round.hardSet!.length * 4);
    expect(result.samplesWritten).toBe(records.length);
    const byTask = new Map<string, RoundSampleRecord[]>();
    for (const record of records) byTask.set(record.taskId, [...(byTask.get(record.taskId) ?? []), record]);
    for (const [taskId, taskRecords] of byTask) {
      expect(taskRecords.map((record) => record.sampleIndex)).toEqual([0, 1, 2, 3]);
      for (const record of taskRecords) {
        expect(record.seed).toBe(sampleSeed({ runSeed: 3, round: 1, taskId, sampleIndex: record.sampleIndex }));
        expect(record.receipt).toMatchObject({ taskId, seed: record.seed, verdict: record.verdict, traceFormat: "next", model: { kind: "local", file: modelPath } });
        expect(record.prompt.at(-1)!.role).toBe("user");
        expect(record.kept).toBe(record.verdict === "pass" && record.droppedReason === null);
      }
      const kept = taskRecords.filter((record) => record.kept);
      expect(kept.length).toBeLessThanOrEqual(2);
      expect(new Set(kept.map((record) => record.code + record.rationale)).size).toBe(kept.length);
    }
    // Temperature 2 over the grammar's branches: passing fixes, wrong ones and bare rationales, for this seed.
    const verdicts = new Set(records.map((record) => record.verdict));
    expect(verdicts.has("pass") && [...verdicts].some((verdict) => verdict !== "pass"), [...verdicts].join(",")).toBe(true);
    expect(records.filter((record) => record.kept).every((record) => record.receipt.verdict === "pass" && record.tests.passed === record.tests.total)).toBe(true);
    expect(round.devCheck).not.toBeNull();

    const before = await readFile(store.samplesFile("r1", 1), "utf8");
    const again = await runRounds({ deps, store, name: "r1", job: quietJob() });
    expect(again.samplesWritten).toBe(0);
    expect(await readFile(store.samplesFile("r1", 1), "utf8")).toBe(before);
  }, 900_000);
});
