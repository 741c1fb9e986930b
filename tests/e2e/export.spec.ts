import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, type Page } from "@playwright/test";
import type { ExportManifest, RoundRunStatus, RoundSettings } from "../../native/api/index";
import { findBuiltLlamaTools } from "../model/engines/startLlamaServer";
import { buildRoundFixture } from "../model/export/buildRoundFixture";
import { ensureTestModel } from "../model/gguf/ensureTestModel";
import { RunStore } from "../../native/rounds/node/RunStore";
import { expect as baseExpect, saveScreenshot } from "./fixtures/appTest";
import { startServe, type ServedApp } from "./fixtures/startServe";
import { callApi as call } from "./fixtures/callApi";

const expect = baseExpect.configure({ timeout: 30_000 });
const loraStandIn = path.join(import.meta.dirname, "../model/training/fixtures/llama-finetune-lora-standin.mjs");

async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/**
 * The fixture's run.json holds only what registration reads; the Export page lists runs through
 * listRoundRuns, which reads every field of a finished round, so the rest is filled in as a finished run has it.
 */
async function completeFixtureRun(dataDir: string, run: string, candidates: string[]): Promise<void> {
  const store = new RunStore({ dataDir });
  const stored = await store.readRun(run);
  const now = new Date().toISOString();
  const settingsDefaults: RoundSettings = { taskSetIds: [], k: 2, hardN: 2, hardM: 1, temperature: 0.8, traceFormat: "next", keptPerTask: 2, nearDuplicateThreshold: 0.9, minCheckScore: null, maxTasks: null, evalN: 0, fewShot: 0, maxTokens: 64, seed: 1, grammar: null };
  await store.writeRun({
    ...stored,
    settings: { ...settingsDefaults, ...stored.settings },
    rounds: stored.rounds.map((round) => ({
      ...round, model: stored.baseModel, modelIdentity: { kind: "local", file: stored.baseModel.kind === "model" ? stored.baseModel.path : "", fileHash: "fixture", adapters: [] } as never,
      candidates, estimates: null, hardSetEvaluations: null, hardSet: candidates, devCheck: null, plan: null, actualMs: 1000, startedAt: now, endedAt: now,
    })),
  });
}

/**
 * A run's kept samples come from the export tests' round fixture (records written the way rounds writes them,
 * receipts naming the tiny F32 model), so the spec spends its time on the page, not on sampling a round; the
 * Rounds spec drives a real round.
 */
base("export a run's kept samples on the Export page, then train on the export and hand the model to the run", async ({ page }) => {
  base.setTimeout(240_000);
  const model = await ensureTestModel({ size: "tiny" });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-e2e-export-"));
  const { records } = await buildRoundFixture({ dataDir, run: "e2e", modelFile: model, cases: 4 });
  const kept = records.filter((record) => record.kept).length;
  await completeFixtureRun(dataDir, "e2e", [...new Set(records.map((record) => record.taskId))]);
  const { skipReason } = await findBuiltLlamaTools();
  const app = await startServe({ dataDir });
  try {
    await page.goto(`${app.url}#/export`);
    await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();
    await page.getByTestId("export-run").selectOption("e2e", { timeout: 30_000 });
    await expect(page).toHaveURL(/#\/export\/e2e$/);

    // The preview: counts from the run's kept samples, the model's own template and tokenizer, rows rendered.
    const preview = page.getByTestId("export-preview");
    await expect(page.getByTestId("export-rows")).toContainText(`of ${kept} kept samples`);
    await expect(page.getByTestId("export-template")).toContainText("(from the model)");
    await expect(preview.getByTestId("export-histogram")).toBeVisible();
    await expect(page.getByTestId("export-rendered-row")).toContainText("<|im_start|>assistant");
    await expect(page.getByTestId("export-rendered-row")).toContainText("Execution trace");

    // Without the trace the rows change at once; a bad number is refused beside its field and blocks the export.
    await page.getByTestId("export-trace").uncheck();
    await expect(page.getByTestId("export-rendered-row")).not.toContainText("Execution trace");
    await page.getByTestId("export-max-tokens").fill("abc");
    await expect(page.getByText("A whole number of tokens above 0")).toBeVisible();
    await expect(page.getByTestId("export-start")).toBeDisabled();
    await page.getByTestId("export-max-tokens").fill("");
    await page.getByTestId("export-trace").check();
    await expect(page.getByTestId("export-rendered-row")).toContainText("Execution trace");
    await saveScreenshot(page, "export-preview");
    baseExpect(await accessibilityProblems(page)).toEqual([]);

    // Export as a job: the folder, the files and the manifest, whose counts are the file's.
    const out = path.join(dataDir, "exports", "e2e-page");
    await page.getByTestId("export-out").fill(out);
    await page.getByTestId("export-start").click();
    await expect(page.getByTestId("export-result")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("export-folder")).toHaveText(out);
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")) as ExportManifest;
    baseExpect(manifest.counts.kept).toBe(kept);
    await expect(page.getByTestId("export-manifest-rows")).toHaveText(`${manifest.counts.rows} (${manifest.counts.train} train / ${manifest.counts.valid} valid)`);
    await expect(page.getByTestId("export-files")).toContainText("llamacpp/corpus.txt");
    await expect(page.getByTestId("export-manifest")).toContainText('"formatVersion": 1');
    // The same folder again is refused (not empty), shown beside the folder field.
    await page.getByTestId("export-start").click();
    await expect(page.getByTestId("export-write").getByRole("alert")).toContainText("is not empty");

    // Training: the export and its model are filled in; the estimate shows before anything starts.
    const training = page.getByTestId("training-panel");
    await expect(page.getByTestId("training-export-dir")).toHaveValue(out);
    await expect(page.getByTestId("training-model")).toHaveValue(model);
    await expect(page.getByTestId("training-export-facts")).toContainText(`${manifest.counts.train} training and ${manifest.counts.valid} validation rows`);
    if (skipReason !== null) {
      // No llama.cpp build here: train with the LoRA trainer stand-in (the fork cannot be built on these machines).
      await page.getByTestId("training-trainer").selectOption("path");
      await training.getByLabel("LoRA trainer binary").fill(loraStandIn);
    }
    // One epoch on a small window: the two shared CPUs train the tiny model at a few batches a second.
    await page.getByTestId("training-epochs").fill("1");
    await training.getByLabel("Window (tokens)").fill("128");
    await expect(page.getByTestId("training-estimate")).toContainText("windows of 128 per epoch × 1");
    await expect(page.getByTestId("training-memory")).toContainText("of");
    await page.getByTestId("training-start").click();
    await expect(page.getByTestId("training-result")).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId("training-loss")).toBeVisible();
    await expect(page.getByTestId("training-log")).toBeVisible();
    await expect(page.getByTestId("training-epoch-table")).toContainText("1");
    await expect(page.getByTestId("training-registered")).toBeVisible();
    const run = await call<RoundRunStatus>(app, "getRoundRun", { name: "e2e" });
    const shown = (await page.getByTestId("training-out").textContent())!;
    baseExpect(run.currentModel.kind === "model" && [run.currentModel.path, ...run.currentModel.loraAdapters].some((file) => file.startsWith(shown.replace(/\.gguf$/, "")))).toBe(true);
    await saveScreenshot(page, "export-training");
    baseExpect(await accessibilityProblems(page)).toEqual([]);

    // A second training, cancelled while it runs: the trainer is killed and the run keeps the first result.
    await page.getByTestId("training-epochs").fill("20");
    await page.getByTestId("training-start").click();
    const progress = page.getByTestId("training-progress");
    await expect(progress).toHaveAttribute("data-status", "running");
    await progress.getByRole("button", { name: /^Cancel/ }).click();
    await expect(progress).toHaveAttribute("data-status", "cancelled");
    baseExpect((await call<RoundRunStatus>(app, "getRoundRun", { name: "e2e" })).currentModel).toEqual(run.currentModel);
  } catch (error) {
    console.log("SERVE STDERR:", app.stderr().slice(-3000));
    throw error;
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
