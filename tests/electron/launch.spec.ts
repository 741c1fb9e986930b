import { _electron as electron, expect, test } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error plain ESM helper shared with scripts/start.mjs
import { findElectronBinary } from "../../scripts/findElectronBinary.mjs";

const { binary, reason } = findElectronBinary() as { binary: string | null; reason: string | null };

test("the Electron app opens a hardened window with the app shell", async () => {
  test.skip(!binary, `Electron launch test skipped: ${reason}.`);
  test.skip(process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY, "Electron launch test skipped: no display (run under xvfb-run).");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-electron-"));
  const app = await electron.launch({ executablePath: binary!, args: [".", `--data-dir=${dataDir}`] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole("navigation", { name: "Main" })).toBeVisible();
    await window.getByRole("link", { name: "Settings" }).click();
    await expect(window.getByTestId("host")).toHaveText("Electron app");
    const preferences = await app.evaluate(({ BrowserWindow }) => (BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): object }).getLastWebPreferences());
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    // The renderer has no Node: only the one bridge object.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe("undefined");
    expect(await window.evaluate(() => Object.keys((window as unknown as { tracetune: object }).tracetune).sort())).toEqual(["call", "pickPath", "subscribe"]);
  } finally {
    await app.close();
  }
});
