import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundRunStatus, RoundSampleRecord } from "../../../native/api/index.js";
import type { PythonRuntime } from "../../../native/python/index.js";
import { sampleSeed } from "../../../native/rounds/common/sampleSeed.js";
import { readRunStatus } from "../../../native/rounds/node/readRunStatus.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import type { PausePoint } from "../../../native/rounds/node/testPausePoint.js";
import { makeRoundsCliFixture } from "./roundsFixture.js";
import { startCli } from "./runCli.js";

// Real SIGKILLs of the real CLI (bin/tracetune.mjs; `npm run build` first), placed with the test hook
// TRACETUNE_ROUNDS_PAUSE_AT, which pauses the process at a named point so the kill lands exactly there.
const PAUSE_TIMEOUT_MS = 240_000;
const K = 3;
const SEED = 3;

let runtime: PythonRuntime;
let modelPath: string;
let dataDir: string;
let grammarFile: string;

beforeAll(async () => {
  ({ runtime, modelPath, dataDir, grammarFile } = await makeRoundsCliFixture());
});
afterAll(async () => {
  await runtime?.dispose();
});

const runArgs = (name: string) => [
  "--data-dir", dataDir, "round", "run", name, "--tasks", "demo", "--model", modelPath, "--k", String(K), "--hard-n", "2", "--hard-m", "1",
  "--eval-n", "0", "--few-shot", "0", "--max-tokens", "40", "--temperature", "2", "--seed", String(SEED), "--grammar-file", grammarFile, "--json",
];

async function fileText(file: string): Promise<string> {
  return readFile(file, "utf8").catch(() => "");
}

describe("a round killed with SIGKILL resumes with every sample exactly once", () => {
  it("is killed at seven points (mid-line and between verification and recording included), then finishes; a re-run writes nothing", async () => {
    const store = new RunStore({ dataDir });
    const samplesFile = store.samplesFile("k1", 1);
    // Arrival counts are per process: each kill lands at the n-th arrival of the process that is killed.
    const points: Array<{ at: PausePoint; nth: number }> = [
      { at: "run-created", nth: 1 },
      { at: "hard-set-estimated", nth: 1 },
      { at: "verified-before-record", nth: 1 },
      { at: "after-record", nth: 1 },
      { at: "mid-line", nth: 1 },
      { at: "before-sample", nth: 1 },
      { at: "before-round-done", nth: 1 },
    ];
    let previousCount = 0;
    for (const { at, nth } of points) {
      const cli = startCli(runArgs("k1"), { TRACETUNE_ROUNDS_PAUSE_AT: `${at}:${nth}` });
      await cli.waitForStderr(`tracetune-rounds: paused at ${at}`, PAUSE_TIMEOUT_MS);
      const textAtKill = await fileText(samplesFile);
      cli.child.kill("SIGKILL");
      expect(await cli.exited).toEqual({ code: null, signal: "SIGKILL" });

      const lines = textAtKill.split("\n");
      if (at === "mid-line") expect(textAtKill.endsWith("\n"), "a torn line is on disk after a kill mid-line").toBe(false);
      else expect(textAtKill === "" || textAtKill.endsWith("\n")).toBe(true);
      // Never a duplicate identity (readSamples throws on one), never fewer records than before the kill.
      const records = await store.readSamples("k1", 1);
      expect(records.length).toBeGreaterThanOrEqual(previousCount);
      expect(records.length).toBe(lines.length - 1);
      previousCount = records.length;
      if (at === "hard-set-estimated") expect((await store.readRun("k1")).rounds[0].hardSet!.length, "the seed must leave at least one hard task").toBeGreaterThan(0);
      if (at === "before-sample") expect(textAtKill.endsWith("\n"), "the torn line was cut off before sampling resumed").toBe(true);
      // Stored as running by the killed process (or not started yet); its lock's process is gone, so it reads paused.
      expect((await store.readRun("k1")).state).toBe(at === "run-created" ? "paused" : "running");
      expect((await readRunStatus(store, "k1")).state).toBe("paused");
    }

    const finish = startCli(runArgs("k1"));
    expect((await finish.exited).code).toBe(0);
    const status = JSON.parse(finish.stdout()) as RoundRunStatus;
    const run = await store.readRun("k1");
    const hardSet = run.rounds[0].hardSet!;
    expect(status).toMatchObject({ name: "k1", state: "done", rounds: [{ round: 1, hardSet: hardSet.length, samplesExpected: hardSet.length * K, samplesWritten: hardSet.length * K }] });
    const text = await fileText(samplesFile);
    expect(text.endsWith("\n")).toBe(true);
    const records = text.trim().split("\n").map((line) => JSON.parse(line) as RoundSampleRecord);
    expect(records.length).toBe(hardSet.length * K);
    for (const taskId of hardSet) {
      const indexes = records.filter((record) => record.taskId === taskId).map((record) => record.sampleIndex).sort();
      expect(indexes).toEqual([0, 1, 2]);
    }
    for (const record of records) expect(record.seed).toBe(sampleSeed({ runSeed: SEED, round: 1, taskId: record.taskId, sampleIndex: record.sampleIndex }));

    const again = startCli(runArgs("k1"));
    expect((await again.exited).code).toBe(0);
    expect(await fileText(samplesFile)).toBe(text);
  }, 1_500_000);
});
