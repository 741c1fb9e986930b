import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRelayedPowerBlocker } from "../../../electron/core-host/relayPowerBlocker.js";
import { createPowerSaveRelay, type PowerSaveBlockerLike } from "../../../electron/main/powerSaveRelay.js";
import { createCore } from "../../../native/core/createCore.js";

// The Electron binary cannot run here: this joins the core host's relayed blocker to the main process's relay in
// plain Node, with a recorder in place of Electron's powerSaveBlocker (the only part that needs Electron).
function recordingPowerSaveBlocker() {
  const calls: string[] = [];
  let nextId = 10;
  const blocker: PowerSaveBlockerLike = {
    start(type) {
      calls.push(`start ${type}`);
      return nextId++;
    },
    stop(id) {
      calls.push(`stop ${id}`);
    },
  };
  return { blocker, calls };
}

describe("Electron: keeping the machine awake through powerSaveBlocker", () => {
  it("a round in the core host starts prevent-app-suspension in main and stops it when the round ends", async () => {
    const { blocker, calls } = recordingPowerSaveBlocker();
    const relay = createPowerSaveRelay(blocker);
    // The two message channels of the utility process, as main/index.ts and core-host/index.ts join them.
    const coreBlocker = createRelayedPowerBlocker((message) => {
      const reply = relay.handle(structuredClone(message.power));
      if (reply) queueMicrotask(() => coreBlocker.onReply(structuredClone(reply)));
    });
    const core = await createCore({ host: "electron", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-power-electron-")), powerBlocker: coreBlocker });
    try {
      let finish!: () => void;
      const job = core.context.jobs.start({ kind: "rounds.run", title: "Run rounds of r" }, () => new Promise<void>((resolve) => (finish = resolve)));
      expect(await core.api.getKeepAwake()).toMatchObject({ isAvailable: true, isActive: true, method: "powerSaveBlocker" });
      expect(calls).toEqual(["start prevent-app-suspension"]);
      finish();
      await job.done;
      expect(await core.api.getKeepAwake()).toMatchObject({ isActive: false });
      expect(calls).toEqual(["start prevent-app-suspension", "stop 10"]);
      expect(relay.heldCount()).toBe(0);
    } finally {
      await core.dispose();
    }
  });

  it("a refused start is reported as unavailable; blocks left by a core host that exits are stopped", async () => {
    const relay = createPowerSaveRelay({ start: () => { throw new Error("no power service"); }, stop: () => {} });
    expect(relay.handle({ op: "start", token: 1, reason: "r" })).toEqual({ token: 1, ok: false, error: "no power service" });
    const { blocker, calls } = recordingPowerSaveBlocker();
    const held = createPowerSaveRelay(blocker);
    held.handle({ op: "start", token: 1, reason: "r" });
    held.stopAll();
    expect(calls).toEqual(["start prevent-app-suspension", "stop 10"]);
  });
});
