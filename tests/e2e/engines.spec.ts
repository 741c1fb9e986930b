import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, saveScreenshot, test } from "./fixtures/appTest";
import { startServe } from "./fixtures/startServe";

/**
 * Settings → Engines as a user meets it: tracetune's tools not built yet (a fresh $TRACETUNE_LLAMA_CPP_DIR, so
 * the state does not depend on this machine's cache), then pointing at their own llama.cpp build, whose
 * version differs from the bundled release and is shown as a warning.
 */
test("Settings shows llama.cpp's tools, and warns when your own build is another version", async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-e2e-engines-"));
  const own = path.join(dir, "llama.cpp", "build", "bin");
  mkdirSync(own, { recursive: true });
  for (const tool of ["llama-server", "llama-batched-bench", "llama-finetune", "llama-quantize"]) {
    writeFileSync(path.join(own, tool), '#!/bin/sh\necho "version: 0.3.1 (build 5000, commit abc1234)" >&2\n');
    chmodSync(path.join(own, tool), 0o755);
  }
  const app = await startServe({ env: { TRACETUNE_LLAMA_CPP_DIR: path.join(dir, "tools") } });
  try {
    await page.goto(app.url);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("tab", { name: "Engines" }).click();
    await expect(page).toHaveURL(/#\/settings\/engines$/);
    await expect(page.getByRole("heading", { level: 2, name: "Engines" })).toBeVisible();
    await expect(page.getByTestId("llama-tools-status")).toHaveText("Not built");
    await expect(page.getByRole("button", { name: /Build llama\.cpp tools/ })).toBeEnabled();
    await saveScreenshot(page, "settings-engines-not-built");

    await page.getByLabel("Own llama.cpp build").fill(path.join(dir, "llama.cpp"));
    await page.getByRole("button", { name: "Use", exact: true }).click();
    await expect(page.getByTestId("llama-tools-status")).toHaveText("Ready");
    await expect(page.getByTestId("llama-tools-warning")).toContainText('"version: 0.3.1 (build 5000, commit abc1234)", not release');
    await expect(page.getByRole("button", { name: /Build llama\.cpp tools/ })).toHaveCount(0);
    await saveScreenshot(page, "settings-engines-own-build");
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
