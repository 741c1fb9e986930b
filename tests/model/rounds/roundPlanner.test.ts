import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RoundCalibration } from "../../../native/api/roundsApi.js";
import type { JobContext, JobPhase, JobWork } from "../../../native/common/jobs.js";
import { calibrationKey } from "../../../native/rounds/node/calibrateRound.js";
import { openedLocalModel } from "../../../native/rounds/node/openRoundModel.js";
import { prepareRun } from "../../../native/rounds/node/prepareRun.js";
import { runRounds, type PlanInput } from "../../../native/rounds/node/runRounds.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { makeRoundsDataDir, quietJob, roundsDeps, roundsGrammar } from "./roundsFixture.js";
import { useTinyRoundsModel } from "./useTinyRoundsModel.js";

const tiny = useTinyRoundsModel();

describe("the planner during a real round (tiny model, demo subset, real sandbox)", () => {
  it("calibrates prompt evaluation and decode steps apart, then estimates again after every repair call from the calls so far", async () => {
    const { runtime, backend, modelPath } = tiny;
    const { dataDir, taskStore } = await makeRoundsDataDir(runtime);
    const store = new RunStore({ dataDir });
    const args = { name: "plan", taskSetIds: ["demo"], model: { kind: "model" as const, path: modelPath, loraAdapters: [] }, k: 4, hardN: 2, hardM: 1, evalN: 1, fewShot: 0, maxTokens: 40, temperature: 2, seed: 3, grammar: roundsGrammar };
    const { run: prepared } = await prepareRun({ store, taskStore, args, hasTrainer: false });
    // A cached calibration from before the rates were timed apart (no step costs), same key and fresh: measured again.
    const key = calibrationKey(await openedLocalModel({ backend, dataDir }), prepared.settings);
    await mkdir(path.join(dataDir, "rounds"), { recursive: true });
    const old = { key, tokensPerSecond: 1, tokensPerSample: 40, verificationsPerSecond: 1, promptMsPerTask: 1, measuredAt: new Date().toISOString(), isReused: false };
    await writeFile(path.join(dataDir, "rounds", "calibrations.json"), JSON.stringify({ calibrations: [old] }));

    const plans: Array<{ input: PlanInput; estimateMs: number; atMs: number }> = [];
    // The job as the job runner sees it: its phases and each report's work, timed.
    const phases: JobPhase[] = [];
    const reports: Array<{ atMs: number; work?: JobWork; plan?: (typeof plans)[number] }> = [];
    const job: JobContext = {
      ...quietJob(),
      phase: (phase) => phases.push(phase),
      progress: (_done, _total, work) => reports.push({ atMs: performance.now(), work, plan: plans.at(-1) }),
    };
    await runRounds({ deps: roundsDeps({ dataDir, taskStore, runtime, backend }), store, name: "plan", job, onPlan: (input, estimateMs) => plans.push({ input, estimateMs, atMs: performance.now() }) });

    const { calibrations } = JSON.parse(await readFile(path.join(dataDir, "rounds", "calibrations.json"), "utf8")) as { calibrations: RoundCalibration[] };
    expect(calibrations).toHaveLength(1);
    const [calibration] = calibrations;
    expect(calibration).toMatchObject({ key, parallelSequences: 4, isReused: false });
    expect(calibration.promptEvalMs).toBeGreaterThan(0);
    expect(calibration.stepMs).toEqual([{ width: 4, ms: expect.any(Number) }]);
    expect(calibration.stepMs[0].ms).toBeGreaterThan(0);
    expect(calibration.tokensPerSample).toBeLessThanOrEqual(40);

    const run = await store.readRun("plan");
    const round = run.rounds[0];
    const hard = round.hardSet!.length;
    // After the calibration; after each hard-set call (2 tasks); once the hard set is known; after each candidate
    // call; after each dev-check call (1 dev task, with and without the trace).
    expect(plans).toHaveLength(1 + 2 + 1 + hard + 2);
    expect(plans[0].input.soFar).toMatchObject({ batches: [], judged: { tasks: 0, hard: 0 } });
    expect(plans[0].input).toMatchObject({ estimateTasks: 2, hardTasks: null });
    expect(plans[2].input.soFar?.judged).toEqual({ tasks: 2, hard: hard });
    expect(plans[3].input).toMatchObject({ estimateTasks: 0, hardTasks: hard });
    const sizes = plans.at(-1)!.input.soFar!.batches.map((batch) => batch.samples);
    expect(sizes).toEqual([2, 2, ...Array<number>(hard).fill(4), 1, 1]);
    const elapsed = plans.map((plan) => plan.input.soFar!.elapsedMs);
    expect([...elapsed].sort((a, b) => a - b)).toEqual(elapsed);
    // Nothing is left after the last call: the estimate is the time spent, and it is what run.json stores.
    expect(plans.at(-1)!.estimateMs).toBe(Math.round(elapsed.at(-1)!));
    expect(round.plan).toMatchObject({ isUpperBound: false, calibrationKey: key });
    expect(round.plan!.estimateMs).toBe(plans.at(-1)!.estimateMs);
    expect(round.actualMs).toBeGreaterThanOrEqual(round.plan!.estimateMs);

    // The job: the calibration is a phase of its own (its seconds are not the samples' rate), then the round's.
    expect(phases).toEqual([{ name: "Calibrating round 1", index: 1, count: 2 }, { name: "Round 1", index: 2, count: 2 }]);
    // Every report of the round gives the planner's latest estimate, counted down: the time it said was left then,
    // less the time since it was made (a few ms of bookkeeping apart), so the job's ETA is the planner's.
    expect(reports.length).toBeGreaterThan(plans.length);
    for (const report of reports) {
      expect(report.plan, "a report before the first estimate").toBeDefined();
      const { estimateMs, input, atMs } = report.plan!;
      const expected = estimateMs - input.soFar!.elapsedMs - (report.atMs - atMs);
      expect(Math.abs(report.work!.leftMs! - expected), `leftMs ${report.work?.leftMs} where ${expected.toFixed(0)} was expected`).toBeLessThan(250);
    }
  }, 600_000);
});
