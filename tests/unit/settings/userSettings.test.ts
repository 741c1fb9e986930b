import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { defaultInputLimits } from "../../../native/storage/inputLimits.js";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createCore } from "../../../native/core/createCore.js";
import { defaultExecLimits, defaultTraceCaps } from "../../../native/python/common/execTypes.js";

const freshDir = () => mkdtempSync(path.join(os.tmpdir(), "tracetune-settings-"));

describe("user settings", () => {
  it("start from the documented defaults and merge nested patches field by field", async () => {
    const dataDir = freshDir();
    const core = await createCore({ host: "cli", dataDir });
    try {
      const { settings } = await core.api.getSettings();
      expect(settings).toEqual({ theme: "system", python: { poolSize: "auto", limits: defaultExecLimits, caps: defaultTraceCaps }, engines: { llamaCppDir: null, allowedHosts: [], retryMinutes: 5 }, input: defaultInputLimits, jobs: { keepAwake: true, notifyOnFinish: true } });
      const updated = await core.api.updateSettings({ patch: { python: { limits: { timeoutMs: 8000 }, caps: { maxSteps: 500 } } } });
      expect(updated.python.limits).toEqual({ ...defaultExecLimits, timeoutMs: 8000 });
      expect(updated.python.caps).toEqual({ ...defaultTraceCaps, maxSteps: 500 });
      expect((await core.api.updateSettings({ patch: { input: { maxLineBytes: 32 << 20 } } })).input).toEqual({ ...defaultInputLimits, maxLineBytes: 32 << 20 });
      await expect(core.api.updateSettings({ patch: { input: { maxProgramBytes: 10 } } })).rejects.toThrow(/"input.maxProgramBytes" must be an integer/);
      expect(JSON.parse(readFileSync(path.join(dataDir, "settings.json"), "utf8")).python.limits.timeoutMs).toBe(8000);
    } finally {
      await core.dispose();
    }
  });

  it("refuse a bad value naming the field, and keep what was stored", async () => {
    const core = await createCore({ host: "cli", dataDir: freshDir() });
    try {
      await expect(core.api.updateSettings({ patch: { python: { limits: { timeoutMs: -5 } } } })).rejects.toMatchObject({
        code: "invalid_input", message: expect.stringContaining('"python.limits.timeoutMs"'),
        // The field as a dotted path and the reason, so the Settings form shows why beside that input.
        details: { field: "python.limits.timeoutMs", reason: 'setting "python.limits.timeoutMs" must be an integer 100-600000, got -5' },
      });
      await expect(core.api.updateSettings({ patch: { theme: "blue" as never } })).rejects.toMatchObject({ details: { field: "theme", reason: expect.stringContaining('invalid value "blue"') } });
      await expect(core.api.updateSettings({ patch: { python: { caps: { maxSteeps: 5 } } } as never })).rejects.toThrow(/unknown setting "python.caps.maxSteeps"/);
      await expect(core.api.updateSettings({ patch: { python: { poolSize: 0 } } })).rejects.toThrow(/"python.poolSize"/);
      expect((await core.api.getSettings()).settings.python.limits.timeoutMs).toBe(defaultExecLimits.timeoutMs);
    } finally {
      await core.dispose();
    }
  });

  it("keep the engine settings: the user's own llama.cpp build and the engine allow-list, checked field by field", async () => {
    const core = await createCore({ host: "cli", dataDir: freshDir() });
    try {
      const own = path.resolve("/opt/llama.cpp/build");
      const updated = await core.api.updateSettings({ patch: { engines: { llamaCppDir: own, allowedHosts: ["gpu-box.lan:8000", "[fe80::1]"] } } });
      expect(updated.engines).toEqual({ llamaCppDir: own, allowedHosts: ["gpu-box.lan:8000", "[fe80::1]"], retryMinutes: 5 });
      expect((await core.api.updateSettings({ patch: { engines: { llamaCppDir: null } } })).engines).toEqual({ llamaCppDir: null, allowedHosts: ["gpu-box.lan:8000", "[fe80::1]"], retryMinutes: 5 });
      await expect(core.api.updateSettings({ patch: { engines: { llamaCppDir: "relative/dir" } } })).rejects.toThrow(/"engines.llamaCppDir" must be an absolute folder path/);
      await expect(core.api.updateSettings({ patch: { engines: { allowedHosts: ["http://x/v1"] } } })).rejects.toThrow(/"engines.allowedHosts" takes/);
      await expect(core.api.updateSettings({ patch: { engines: { nope: 1 } } as never })).rejects.toThrow(/unknown setting "engines.nope"/);
      expect((await core.api.updateSettings({ patch: { engines: { retryMinutes: 0.5 } } })).engines.retryMinutes).toBe(0.5);
      await expect(core.api.updateSettings({ patch: { engines: { retryMinutes: -1 } } })).rejects.toThrow(/"engines.retryMinutes" must be a number of minutes/);
    } finally {
      await core.dispose();
    }
  });

  it("fill in sections missing from an older settings file", async () => {
    const dataDir = freshDir();
    writeFileSync(path.join(dataDir, "settings.json"), JSON.stringify({ theme: "dark", python: { limits: { memoryMb: 128 } } }));
    const core = await createCore({ host: "cli", dataDir });
    try {
      const { settings } = await core.api.getSettings();
      expect(settings.theme).toBe("dark");
      expect(settings.python.limits).toEqual({ ...defaultExecLimits, memoryMb: 128 });
      expect(settings.python.caps).toEqual(defaultTraceCaps);
    } finally {
      await core.dispose();
    }
  });

  it("reach the sandbox: the caps set in Settings apply to traces that do not set their own", async () => {
    const core = await createCore({ host: "cli", dataDir: freshDir() });
    try {
      await core.api.updateSettings({ patch: { python: { caps: { maxSteps: 20 } } } });
      const trace = await core.api.pythonTrace({ program: "def f():\n    i = 0\n    while True:\n        i += 1\n", call: "f()" });
      expect(trace).toMatchObject({ truncated: true, reason: "step_cap" });
      expect(trace.steps).toHaveLength(20);
      const ownCap = await core.api.pythonTrace({ program: "def f():\n    i = 0\n    while True:\n        i += 1\n", call: "f()", caps: { maxSteps: 7 } });
      expect(ownCap.steps).toHaveLength(7);
    } finally {
      await core.dispose();
    }
  });
});
