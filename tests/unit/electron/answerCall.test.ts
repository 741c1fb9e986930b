import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answerCall } from "../../../electron/core-host/answerCall.js";
import { createCore } from "../../../native/core/createCore.js";

// The Electron binary cannot run here; this covers the core host's half of the IPC relay in plain Node.
describe("Electron core host: answerCall", () => {
  it("answers known methods and turns every failure into the wire envelope", async () => {
    const core = await createCore({ host: "electron", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-ipc-")) });
    try {
      const ok = await answerCall(core.api, "getSettings", {});
      expect(ok.ok && (ok.result as { host: string }).host).toBe("electron");
      expect(await answerCall(core.api, "require", {})).toMatchObject({ ok: false, error: { code: "unknown_method" } });
      expect(await answerCall(core.api, "updateSettings", { patch: { theme: 1 } })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    } finally {
      await core.dispose();
    }
  });
});
