import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RoundSampleRecord } from "../../../native/api/roundTypes.js";
import type { StoredRun } from "../../../native/rounds/common/storedRun.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { resolveRoundSettings } from "../../../native/rounds/common/roundSettings.js";

const model = { kind: "model" as const, path: "/models/m.gguf", loraAdapters: [] };

function storedRun(name: string): StoredRun {
  return {
    name, createdAt: "2026-11-26T00:00:00.000Z", settings: resolveRoundSettings({ taskSetIds: ["demo"] }), baseModel: model, currentModel: model,
    modelHistory: [{ model, setAt: "2026-11-26T00:00:00.000Z", afterRound: 0, by: "run" }], targetRounds: 1,
    tasks: { candidates: 2, selected: ["demo/a", "demo/b"], shuffleSeed: null }, rounds: [], state: "paused", error: null,
  };
}

function record(taskId: string, sampleIndex: number): RoundSampleRecord {
  return { run: "r", round: 1, taskId, sampleIndex, seed: 10 + sampleIndex, verdict: "fail", kept: false } as RoundSampleRecord;
}

async function newStore() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tt-runstore-"));
  const store = new RunStore({ dataDir });
  await store.writeRun(storedRun("r"));
  return store;
}

describe("RunStore", () => {
  it("writes records one a line with their schema version and reads them back in order", async () => {
    const store = await newStore();
    await store.appendSample(record("demo/a", 0));
    await store.appendSample(record("demo/a", 1));
    const text = await readFile(store.samplesFile("r", 1), "utf8");
    expect(text.split("\n")).toHaveLength(3);
    expect(JSON.parse(text.split("\n")[0])).toMatchObject({ schemaVersion: 1, taskId: "demo/a", sampleIndex: 0 });
    expect((await store.readSamples("r", 1)).map((r) => r.sampleIndex)).toEqual([0, 1]);
  });

  it("leaves out a torn last line, and cuts it off the file when repairing, so that sample is redone", async () => {
    const store = await newStore();
    await store.appendSample(record("demo/a", 0));
    const file = store.samplesFile("r", 1);
    const whole = await readFile(file, "utf8");
    await appendFile(file, JSON.stringify(record("demo/a", 1)).slice(0, 25));
    expect(await store.readSamples("r", 1)).toHaveLength(1);
    expect(await readFile(file, "utf8")).not.toBe(whole);
    expect(await store.readSamples("r", 1, { repair: true })).toHaveLength(1);
    expect(await readFile(file, "utf8")).toBe(whole);
    await store.appendSample(record("demo/a", 1));
    expect((await store.readSamples("r", 1)).map((r) => r.sampleIndex)).toEqual([0, 1]);
  });

  it("refuses a complete line that is not a record, and a second record of the same identity, naming file and line", async () => {
    const store = await newStore();
    await store.appendSample(record("demo/a", 0));
    const file = store.samplesFile("r", 1);
    await appendFile(file, "not json\n");
    await expect(store.readSamples("r", 1)).rejects.toMatchObject({ code: "corrupt_store", message: expect.stringContaining(`${file}:2`) });
    await writeFile(file, "");
    await store.appendSample(record("demo/a", 0));
    await store.appendSample(record("demo/b", 0));
    await store.appendSample(record("demo/a", 0));
    await expect(store.readSamples("r", 1)).rejects.toMatchObject({ code: "corrupt_store", message: expect.stringContaining(`${file}:3: a second record of task demo/a sample 0`) });
  });

  it("names a run that does not exist, and a run file that is not one", async () => {
    const store = await newStore();
    await expect(store.readRun("nope")).rejects.toMatchObject({ code: "unknown_run" });
    await writeFile(store.runFile("r"), "{");
    await expect(store.readRun("r")).rejects.toMatchObject({ code: "corrupt_store", message: expect.stringContaining("run.json") });
  });

  it("lets one process run a run: a live holder is run_busy, a dead one's lock is taken over", async () => {
    const store = await newStore();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      await writeFile(path.join(store.dir("r"), "lock"), JSON.stringify({ pid: child.pid, host: hostname(), at: "" }));
      await expect(store.lock("r")).rejects.toMatchObject({ code: "run_busy", details: { pid: child.pid } });
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("exit", resolve));
    }
    const release = await store.lock("r");
    expect(await store.lockHolder("r")).toBe(process.pid);
    await release();
    expect(await store.lockHolder("r")).toBeNull();
  });

  it("serialises read-modify-write of run.json so concurrent updates are all kept", async () => {
    const store = await newStore();
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.updateRun("r", (run) => ({ ...run, tasks: { ...run.tasks, selected: [...run.tasks.selected, `demo/x${i}`] } }))));
    expect((await store.readRun("r")).tasks.selected).toHaveLength(12);
  });
});
