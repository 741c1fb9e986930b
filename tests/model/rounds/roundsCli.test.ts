import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundRunStatus, RoundSampleRecord, RoundVerifyReport } from "../../../native/api/index.js";
import type { PythonRuntime } from "../../../native/python/index.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { makeRoundsCliFixture } from "./roundsFixture.js";
import { startCli } from "./runCli.js";

// The round commands as a user runs them (bin/tracetune.mjs; `npm run build` first): Ctrl-C and resume, the
// settings check, status, samples as JSON Lines, verify against the receipts, set-model.
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

const settings = ["--tasks", "demo", "--model", () => modelPath, "--k", "4", "--hard-n", "2", "--hard-m", "1", "--eval-n", "0", "--few-shot", "0", "--max-tokens", "40", "--temperature", "2", "--seed", "3", "--grammar-file", () => grammarFile];
const cli = (...args: Array<string | (() => string)>) => startCli(["--data-dir", dataDir, ...args.map((arg) => (typeof arg === "function" ? arg() : arg))]);

async function lineCount(file: string): Promise<number> {
  return (await readFile(file, "utf8").catch(() => "")).split("\n").length - 1;
}

describe("tracetune round", () => {
  it("cancels cleanly on Ctrl-C (exit 130, paused) and resumes to done; refuses other settings and a bad name with exit 3 naming why", async () => {
    const run = cli("round", "run", "c1", ...settings, "--json");
    // Interrupt once the hard-set estimate has recorded a sample: the job is busy sampling.
    const estimateFile = path.join(dataDir, "evaluations", "c1-r1-hard-1", "samples.jsonl");
    const deadline = Date.now() + 300_000;
    while ((await lineCount(estimateFile)) < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    run.child.kill("SIGINT");
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toContain("tracetune round resume c1");
    const store = new RunStore({ dataDir });
    expect((await store.readRun("c1")).state).toBe("paused");
    expect(await store.lockHolder("c1")).toBeNull();

    const other = cli("round", "run", "c1", ...settings.map((arg) => (arg === "4" ? "5" : arg)), "--json");
    expect((await other.exited).code).toBe(3);
    expect(JSON.parse(other.stdout())).toMatchObject({ error: { code: "settings_mismatch", details: { setting: "k", stored: 4, requested: 5 } } });
    // (--rounds 2 without a ready trainer, trainer_required: tests/unit/rounds/prepareRun.test.ts; the core here has one.)
    const badName = cli("round", "run", "../x", ...settings, "--json");
    expect((await badName.exited).code).toBe(3);
    expect(JSON.parse(badName.stdout())).toMatchObject({ error: { code: "invalid_input", details: { field: "name" } } });

    const resume = cli("round", "resume", "c1", "--json");
    expect((await resume.exited).code, resume.stderr()).toBe(0);
    // The round's step after its calibration (step 1 of 2), with the samples of the round (the last line, at its end).
    expect(resume.stderr()).toMatch(/Resume rounds of c1: round 1 \d+\/\d+ \(step 2 of 2, [\d.]+\/s/);
    expect(JSON.parse(resume.stdout())).toMatchObject({ name: "c1", state: "done" });
  }, 1_200_000);

  it("prints status, samples as JSON Lines, verifies kept samples against their receipts and sets the next model", async () => {
    const status = cli("round", "status", "c1", "--json");
    expect((await status.exited).code).toBe(0);
    const view = JSON.parse(status.stdout()) as RoundRunStatus;
    expect(view).toMatchObject({ name: "c1", state: "done", rounds: [{ round: 1, model: { kind: "model", path: modelPath } }] });
    const [round] = view.rounds;
    expect(round.samplesExpected).toBe(round.hardSet! * 4);
    expect(round.samplesWritten).toBe(round.samplesExpected);
    expect(round.plan?.estimateMs).toBeGreaterThan(0);
    expect(round.actualMs).toBeGreaterThan(0);
    expect((await stat(path.join(dataDir, "rounds", "calibrations.json"))).size).toBeGreaterThan(0);

    const samples = cli("round", "samples", "c1", "--json");
    expect((await samples.exited).code).toBe(0);
    const lines = samples.stdout().trim().split("\n").map((line) => JSON.parse(line) as RoundSampleRecord);
    expect(lines).toHaveLength(round.samplesWritten);
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(["round", "taskId", "sampleIndex", "verdict", "kept", "receipt"]));
    const kept = cli("round", "samples", "c1", "--kept", "--json");
    expect((await kept.exited).code).toBe(0);
    const keptLines = kept.stdout().trim() === "" ? [] : kept.stdout().trim().split("\n").map((line) => JSON.parse(line) as RoundSampleRecord);
    expect(keptLines).toHaveLength(round.kept);
    expect(round.kept, "this seed keeps a passing fix").toBeGreaterThan(0);

    const verify = cli("round", "verify", "c1", "--json");
    expect((await verify.exited).code, verify.stderr()).toBe(0);
    expect(JSON.parse(verify.stdout())).toEqual({ name: "c1", checked: round.kept, changed: [] });
    // A receipt that no longer tells the truth: the re-run's verdict differs, and verify says so (exit 1).
    const file = new RunStore({ dataDir }).samplesFile("c1", 1);
    const text = await readFile(file, "utf8");
    const target = keptLines[0];
    await writeFile(file, text.split("\n").map((line) => {
      if (!line) return line;
      const record = JSON.parse(line) as RoundSampleRecord;
      return record.taskId === target.taskId && record.sampleIndex === target.sampleIndex ? JSON.stringify({ ...record, receipt: { ...record.receipt, verdict: "fail" } }) : line;
    }).join("\n"));
    const tampered = cli("round", "verify", "c1", "--json");
    expect((await tampered.exited).code).toBe(1);
    const report = JSON.parse(tampered.stdout()) as RoundVerifyReport;
    expect(report.changed).toEqual([expect.objectContaining({ taskId: target.taskId, sampleIndex: target.sampleIndex, now: "pass" })]);
    await writeFile(file, text);

    const setModel = cli("round", "set-model", "c1", "--model", modelPath, "--lora", path.join(dataDir, "adapter.gguf"), "--json");
    expect((await setModel.exited).code).toBe(0);
    expect(JSON.parse(setModel.stdout())).toMatchObject({ currentModel: { kind: "model", path: modelPath, loraAdapters: [path.join(dataDir, "adapter.gguf")] }, baseModel: { loraAdapters: [] } });
    const missing = cli("round", "status", "nope", "--json");
    expect((await missing.exited).code).toBe(3);
    expect(JSON.parse(missing.stdout())).toMatchObject({ error: { code: "unknown_run" } });
  }, 600_000);
});
