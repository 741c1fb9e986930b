import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundRunStatus } from "../../../native/api/index.js";
import type { PythonRuntime } from "../../../native/python/index.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { makeRoundsCliFixture } from "./roundsFixture.js";
import { startCli } from "./runCli.js";

// `tracetune round pause` from one process pauses a run another process is running (bin/tracetune.mjs; build
// first): the request travels as a file in the run's folder, which the running process looks for every 0.5 s.
let runtime: PythonRuntime;
let modelPath: string;
let dataDir: string;
let grammarFile: string;

beforeAll(async () => {
  ({ runtime, modelPath, dataDir, grammarFile } = await makeRoundsCliFixture());
});
const started: Array<ReturnType<typeof startCli>> = [];
afterAll(async () => {
  // A failed expectation leaves no run sampling in the background.
  for (const process of started) if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill("SIGKILL");
  await runtime?.dispose();
});

const cli = (...args: string[]) => {
  const process = startCli(["--data-dir", dataDir, ...args]);
  started.push(process);
  return process;
};
const exists = (file: string) => access(file).then(() => true, () => false);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lines = (file: string) => readFile(file, "utf8").then((text) => text.split("\n").length - 1, () => 0);
/** Samples recorded so far for run p1: its hard-set estimate's and its first round's. */
const written = async () => (await lines(path.join(dataDir, "evaluations", "p1-r1-hard-1", "samples.jsonl"))) + (await lines(path.join(dataDir, "rounds", "p1", "round-1", "samples.jsonl")));

async function untilRunning(store: RunStore, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await store.lockHolder(name)) === null) {
    if (Date.now() > deadline) throw new Error(`${name} never started`);
    await sleep(100);
  }
}

describe("tracetune round pause across processes", () => {
  it("pauses a run another CLI process runs (that one exits 130, paused); a stale request does not stop a resume", async () => {
    const store = new RunStore({ dataDir });
    // Long enough to still be running when paused: 64 candidates per hard task.
    const run = cli("round", "run", "p1", "--tasks", "demo", "--model", modelPath, "--k", "64", "--hard-n", "2", "--hard-m", "1", "--eval-n", "0", "--few-shot", "0", "--max-tokens", "40", "--seed", "3", "--grammar-file", grammarFile, "--json");
    await untilRunning(store, "p1");
    await sleep(1000);

    const pause = cli("round", "pause", "p1", "--json");
    const paused = await pause.exited;
    expect(paused.code, pause.stderr()).toBe(0);
    expect(JSON.parse(pause.stdout()) as RoundRunStatus).toMatchObject({ name: "p1", state: "paused" });
    const ran = await run.exited;
    expect(ran.code, run.stderr()).toBe(130);
    expect(run.stderr()).toContain("run p1 is paused");
    // The CLI says whether it keeps the computer awake while the round runs (here: systemd-inhibit refuses without a system bus).
    expect(run.stderr()).toMatch(/tracetune: (keeping this computer awake while the round runs \(|cannot keep this computer awake here \()/);
    expect((await store.readRun("p1")).state).toBe("paused");
    expect(await store.lockHolder("p1")).toBeNull();
    expect(await exists(path.join(store.dir("p1"), "pause"))).toBe(false);

    // A request left from before (nobody was running it) is void for the next start.
    await store.requestPause("p1");
    const resume = cli("round", "resume", "p1", "--json");
    await untilRunning(store, "p1");
    // It goes on to record new samples (the hard-set estimate's or the round's) instead of stopping at once.
    const before = await written();
    let resumeExit: unknown = null;
    void resume.exited.then((exit) => (resumeExit = exit));
    const deadline = Date.now() + 180_000;
    while ((await written()) <= before && resumeExit === null && Date.now() < deadline) await sleep(200);
    expect(resumeExit, resume.stderr()).toBeNull();
    expect(await written()).toBeGreaterThan(before);

    // Paused again, now while sampling or estimating, from yet another process.
    const again = cli("round", "pause", "p1", "--json");
    expect((await again.exited).code, again.stderr()).toBe(0);
    expect((await resume.exited).code, resume.stderr()).toBe(130);
    expect((await store.readRun("p1")).state).toBe("paused");

    // Pausing a run nobody runs changes nothing.
    const idle = cli("round", "pause", "p1", "--json");
    expect((await idle.exited).code).toBe(0);
    expect(await exists(path.join(store.dir("p1"), "pause"))).toBe(false);
  }, 600_000);
});
