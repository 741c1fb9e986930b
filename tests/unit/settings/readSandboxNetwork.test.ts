// The Python sandbox's network, as the Settings page, `tracetune settings --json` and `tracetune egress` report it.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createCore } from "../../../native/core/createCore.js";
import { ensureSandboxBuilt } from "../python/ensureSandboxBuilt.js";

const freshDir = () => mkdtempSync(path.join(os.tmpdir(), "tracetune-sandbox-network-"));

describe("the sandbox network report", () => {
  it("says per platform whether the sandbox has a network namespace, and counts refused sockets once a sandbox runs", async () => {
    await ensureSandboxBuilt();
    const core = await createCore({ host: "cli", dataDir: freshDir() });
    try {
      const { offline } = await core.api.getSettings();
      expect(offline.sandbox.platform).toBe(process.platform);
      if (process.platform === "linux") {
        expect(["isolated", "unavailable"]).toContain(offline.sandbox.namespace);
        // A Linux without a namespace says why (an unprivileged namespace refused, or no unshare).
        expect(offline.sandbox.reason === null).toBe(offline.sandbox.namespace === "isolated");
      } else {
        expect(offline.sandbox).toMatchObject({ namespace: "unsupported", reason: `not available on this platform (${process.platform})` });
      }
      // Asking does not start a sandbox.
      expect(offline.sandbox.refusedSockets).toBeNull();
      await (await core.context.python.get()).run({ program: "print(1)" });
      const report = await core.api.getEgressReport();
      expect(report.sandbox).toMatchObject({ namespace: offline.sandbox.namespace, refusedSockets: 0 });
      expect(report.nonLoopback).toBe(0);
    } finally {
      await core.dispose();
    }
  });

  it("tracetune settings --json and tracetune egress include it", () => {
    const dataDir = freshDir();
    const run = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, ...args], { encoding: "utf8" });
    const settings = JSON.parse(run(["--json", "settings"]).stdout) as { offline: { sandbox: { namespace: string; platform: string } } };
    expect(settings.offline.sandbox).toMatchObject({ platform: process.platform, namespace: expect.stringMatching(/^(isolated|unavailable|unsupported)$/) });
    const egress = run(["egress"]);
    expect(egress.status).toBe(0);
    expect(egress.stdout).toMatch(/python sandbox: .*every socket refused in the sandbox process/);
  });
});
