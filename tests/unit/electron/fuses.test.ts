import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The flat `electronFuses:` block of electron-builder.yml as name → boolean (comments skipped). */
function readFuses(): Record<string, boolean> {
  const lines = readFileSync("electron-builder.yml", "utf8").split("\n");
  const start = lines.findIndex((line) => line === "electronFuses:");
  expect(start, "electron-builder.yml has no electronFuses block").toBeGreaterThanOrEqual(0);
  const fuses: Record<string, boolean> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\s*#/.test(line)) continue;
    const match = /^ {2}(\w+): (true|false)\s*$/.exec(line);
    if (!match) break;
    fuses[match[1]] = match[2] === "true";
  }
  return fuses;
}

describe("Electron fuses in electron-builder.yml", () => {
  it("sets every fuse explicitly, closed except where the app needs it", () => {
    expect(readFuses()).toEqual({
      runAsNode: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it("keeps runAsNode on only because the sandbox is started as the Electron binary run as Node", () => {
    // If the sandbox stops relying on ELECTRON_RUN_AS_NODE, turn the fuse off (and update this test).
    const sandboxCommand = readFileSync("native/python/node/sandboxCommand.ts", "utf8");
    expect(sandboxCommand).toContain("ELECTRON_RUN_AS_NODE");
    expect(sandboxCommand).toContain("process.execPath");
  });
});
