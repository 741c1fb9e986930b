import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KeepAwakeState } from "../../../native/api/powerApi.js";
import { createCore } from "../../../native/core/createCore.js";
import { KeepAwake } from "../../../native/power/common/KeepAwake.js";
import type { PowerBlocker } from "../../../native/power/common/PowerBlocker.js";
import { JobRunner } from "../../../native/jobs/JobRunner.js";
import { createProcessBlocker } from "../../../native/power/node/createProcessBlocker.js";

/** A stand-in inhibitor process (no real one can hold a block here), counting its blocks. */
function countingStandIn() {
  const inner = createProcessBlocker("stand-in", () => ({ command: process.execPath, args: ["-e", "setInterval(() => {}, 1000)"] }), { settleMs: 100 });
  const counts = { acquired: 0, released: 0 };
  const blocker: PowerBlocker = {
    method: "stand-in",
    async acquire(reason) {
      const block = await inner.acquire(reason);
      counts.acquired += 1;
      return { ...block, release: async () => { counts.released += 1; await block.release(); } };
    },
  };
  return { blocker, counts };
}

/** Whether logind answers here (else systemd-inhibit refuses: a container without a system bus). */
function canListInhibitors(): boolean {
  try {
    execFileSync("systemd-inhibit", ["--list"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("KeepAwake: one block while long jobs run", () => {
  it("blocks while a round, an evaluation or training runs, once for several, and releases when the last ends", async () => {
    const { blocker, counts } = countingStandIn();
    let isEnabled = true;
    const states: KeepAwakeState[] = [];
    const keepAwake = new KeepAwake({ blocker, isEnabled: () => isEnabled, onChange: (state) => states.push(state) });
    const jobs = new JobRunner((job) => keepAwake.onJob(job));
    const round = gate();
    const evaluation = gate();
    const roundJob = jobs.start({ kind: "rounds.run", title: "Run rounds of r" }, () => round.promise);
    const evalJob = jobs.start({ kind: "evaluation.run", title: "Evaluate" }, () => evaluation.promise);
    jobs.start({ kind: "tasks.import", title: "Import" }, () => new Promise(() => {}));
    await keepAwake.update();
    expect(keepAwake.state()).toMatchObject({ isActive: true, isAvailable: true, method: "stand-in" });
    expect(keepAwake.state().jobs.map((job) => job.kind).sort()).toEqual(["evaluation.run", "rounds.run"]);
    expect(counts.acquired).toBe(1);
    round.open();
    await roundJob.done;
    await keepAwake.update();
    expect(keepAwake.state().isActive).toBe(true);
    evaluation.open();
    await evalJob.done;
    await keepAwake.update();
    expect(keepAwake.state()).toMatchObject({ isActive: false, jobs: [] });
    expect(counts).toEqual({ acquired: 1, released: 1 });
    expect(states.at(-1)?.isActive).toBe(false);

    // The setting off: a new round takes no block; on again, the next change takes it.
    isEnabled = false;
    const again = gate();
    const againJob = jobs.start({ kind: "training.train", title: "Train" }, () => again.promise);
    await keepAwake.update();
    expect(keepAwake.state()).toMatchObject({ isEnabled: false, isActive: false });
    isEnabled = true;
    await keepAwake.update();
    expect(keepAwake.state().isActive).toBe(true);
    again.open();
    await againJob.done;
    await keepAwake.dispose();
    expect(counts).toEqual({ acquired: 2, released: 2 });
  });

  it("says it cannot keep awake where there is no blocker, and never pretends", async () => {
    const keepAwake = new KeepAwake({ blocker: null, noBlockerReason: "no sleep inhibitor on this platform", isEnabled: () => true, onChange: () => {} });
    const jobs = new JobRunner((job) => keepAwake.onJob(job));
    jobs.start({ kind: "rounds.run", title: "r" }, () => new Promise(() => {}));
    await keepAwake.update();
    expect(keepAwake.state()).toMatchObject({ isAvailable: false, isActive: false, method: null, unavailableReason: "no sleep inhibitor on this platform" });
  });
});

describe("the power service in the headless core", () => {
  it("tries the platform's inhibitor when a round starts, reports the outcome as a power event, honours jobs.keepAwake", async () => {
    const core = await createCore({ host: "web", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-power-core-")) });
    const events: KeepAwakeState[] = [];
    core.subscribe((event) => event.topic === "power" && events.push(event.payload));
    try {
      // The first question already tries the platform's inhibitor once, so the answer is true before any job.
      const first = await core.api.getKeepAwake();
      expect(first).toMatchObject({ isEnabled: true, isActive: false, jobs: [] });
      if (!canListInhibitors()) expect(first).toMatchObject({ isAvailable: false, method: "systemd-inhibit", unavailableReason: expect.stringMatching(/bus/i) });
      const round = gate();
      const job = core.context.jobs.start({ kind: "rounds.run", title: "Run rounds of r" }, () => round.promise);
      const state = await core.api.getKeepAwake();
      expect(state.jobs).toEqual([{ id: job.id, kind: "rounds.run", title: "Run rounds of r" }]);
      if (state.isActive) expect(state.method).not.toBeNull();
      // Here (Linux container, systemd-inhibit without a system bus) the real inhibitor refuses, and the state says why.
      else expect(state).toMatchObject({ isAvailable: false, unavailableReason: expect.any(String) });
      expect(events.at(-1)).toEqual(state);
      round.open();
      await job.done;
      expect(await core.api.getKeepAwake()).toMatchObject({ isActive: false, jobs: [] });

      await core.api.updateSettings({ patch: { jobs: { keepAwake: false } } });
      expect((await core.api.getSettings()).settings.jobs).toEqual({ keepAwake: false, notifyOnFinish: true });
      await expect(core.api.updateSettings({ patch: { jobs: { keepAwake: "no" } } as never })).rejects.toMatchObject({ code: "invalid_input", details: { field: "jobs.keepAwake" } });
      const off = core.context.jobs.start({ kind: "evaluation.run", title: "Evaluate" }, () => new Promise(() => {}));
      expect(await core.api.getKeepAwake()).toMatchObject({ isEnabled: false, isActive: false });
      core.context.jobs.cancel(off.id);
    } finally {
      await core.dispose();
    }
  });
});
