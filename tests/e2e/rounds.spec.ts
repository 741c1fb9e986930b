import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test as base } from "@playwright/test";
import { ensureTestModel } from "../model/gguf/ensureTestModel";
import { roundsGrammar } from "../model/rounds/roundsFixture";
import { expect as baseExpect, saveScreenshot } from "./fixtures/appTest";
import { startServe, type ServedApp } from "./fixtures/startServe";
import { callApi as call, finishJob } from "./fixtures/callApi";

const expect = baseExpect.configure({ timeout: 60_000 });

const finish = async (app: ServedApp, jobId: string) => (await finishJob(app, jobId)).status;

/** Two training tasks and one dev task of the demo set (their fixes are one-liners the grammar can write). */
function writeMiniSet(dataDir: string): string {
  const demo = readFileSync(path.join(import.meta.dirname, "../../resources/demo-tasks/demo-tasks.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const split: Record<string, string> = { average: "train", first_position: "train", dot_product: "dev" };
  const file = path.join(dataDir, "mini.jsonl");
  writeFileSync(file, demo.filter((task) => split[task.id]).map((task) => JSON.stringify({ ...task, split: split[task.id] })).join("\n") + "\n");
  return file;
}

async function prepare(app: ServedApp, model: string): Promise<void> {
  baseExpect(await finish(app, (await call<{ jobId: string }>(app, "loadModel", { path: model, gpu: "cpu", contextSize: 2048, parallelSequences: 3, threads: 1 })).jobId)).toBe("done");
}

base("a small run of rounds end to end on the Rounds page, resumed after the server is killed mid-round", async ({ page }) => {
  base.setTimeout(600_000);
  const model = await ensureTestModel({ size: "tiny" });
  let app = await startServe();
  const dataDir = app.dataDir;
  try {
    baseExpect(await finish(app, (await call<{ jobId: string }>(app, "importTasks", { format: "jsonl", files: [writeMiniSet(dataDir)], setId: "mini" })).jobId)).toBe("done");
    await prepare(app, model);

    await page.goto(`${app.url}#/rounds`);
    await expect(page.getByRole("heading", { level: 1, name: "Rounds" })).toBeVisible();
    await page.getByRole("button", { name: "New run" }).first().click();
    await expect(page).toHaveURL(/#\/rounds\/new$/);
    const form = page.getByTestId("new-run");
    await form.getByLabel("Run name").fill("e2e");
    await form.getByText("(mini)").click();
    await form.getByLabel("Candidates per hard task (k)").fill("3");
    await form.getByLabel("Hard-set samples (N)").fill("2");
    await form.getByLabel("Hard below pass@1 (m)").fill("1");
    await form.getByLabel("Kept per task").fill("2");
    await form.getByLabel("Dev check samples (0 skips)").fill("1");
    await form.getByText("Advanced: exemplars").click();
    await form.getByLabel("Few-shot exemplars").fill("0");
    await form.getByLabel("Max tokens per answer").fill("40");
    await form.getByLabel("Run seed").fill("3");
    await form.getByLabel("GBNF grammar every completion must follow (optional)").fill(roundsGrammar);
    await form.getByTestId("start-run").click();
    await expect(page).toHaveURL(/#\/rounds\/e2e$/);

    // Kill the server as soon as the round has recorded a sample: a crash mid-round.
    await expect.poll(async () => (await call<{ rounds: Array<{ samplesWritten: number }> }>(app, "getRoundRun", { name: "e2e" })).rounds[0]?.samplesWritten ?? 0, { timeout: 300_000, intervals: [200] }).toBeGreaterThan(0);
    await app.kill();

    app = await startServe({ dataDir });
    await prepare(app, model);
    await page.goto(`${app.url}#/rounds/e2e`);
    await expect(page.getByTestId("run-state")).toHaveText("paused");
    await page.getByTestId("resume-run").click();
    await expect(page.getByTestId("run-state")).toHaveText("done", { timeout: 300_000 });

    // Exactly once: every (round, task, index) recorded once, as many as the round expected.
    const status = await call<{ rounds: Array<{ samplesExpected: number; samplesWritten: number; verdicts: Record<string, number> }> }>(app, "getRoundRun", { name: "e2e" });
    const { samples, total } = await call<{ total: number; samples: Array<{ round: number; taskId: string; sampleIndex: number }> }>(app, "listRoundSamples", { name: "e2e", limit: 1000 });
    baseExpect(new Set(samples.map((s) => `${s.round}/${s.taskId}/${s.sampleIndex}`)).size).toBe(total);
    baseExpect(total).toBe(status.rounds[0].samplesExpected);
    // The grammar lets the model write right and wrong fixes: both verdicts occur.
    baseExpect(Object.keys(status.rounds[0].verdicts).length).toBeGreaterThan(1);

    await expect(page.getByTestId("rounds-table")).toContainText("done");
    await expect(page.getByTestId("round-charts")).toBeVisible();
    await expect(page.getByTestId("round-samples-count")).toHaveText(`${total} samples`);
    await saveScreenshot(page, "rounds-run");
    await page.getByTestId("round-sample-row").first().click();
    await expect(page.getByTestId("round-sample")).toContainText("Execution receipt");
    await saveScreenshot(page, "rounds-sample");
    await page.goBack();
    await expect(page.getByTestId("run-view")).toBeVisible();

    // The runs list shows the run's disk use; the round's dev check stored evaluations (with and without trace),
    // listed on the Evaluate page the Rounds page links to.
    await page.goto(`${app.url}#/rounds`);
    await expect(page.getByTestId("runs-table")).toContainText("e2e");
    await saveScreenshot(page, "rounds-list");
    await page.getByRole("link", { name: "Evaluate page" }).click();
    await expect(page.getByTestId("evaluations-table")).toContainText("mini");
  } catch (error) {
    console.log("SERVE STDERR:", app.stderr().slice(-3000));
    throw error;
  } finally {
    await app.stop();
  }
});
