import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureTestModel } from "../model/gguf/ensureTestModel";
import { roundsGrammar } from "../model/rounds/roundsFixture";
import { expect as baseExpect, saveScreenshot, test } from "./fixtures/appTest";
import { callApi as call, finishJob } from "./fixtures/callApi";

const expect = baseExpect.configure({ timeout: 60_000 });
const demo = readFileSync(path.join(import.meta.dirname, "../../resources/demo-tasks/demo-tasks.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { id: string; reference: string; buggyProgram: string });

test("a samples file and the loaded model evaluated on the Evaluate page: pass@k per condition, skipped lines, a task's samples, two compared", async ({ page, app }) => {
  test.setTimeout(600_000);
  // The demo set, and an EvalPlus-style file: a right and a wrong answer for one task, a right one for another, an unknown id.
  baseExpect((await finishJob(app, (await call<{ jobId: string }>(app, "importDemoTasks")).jobId)).status).toBe("done");
  const { tasks } = await call<{ tasks: Array<{ id: string; split: string }> }>(app, "listTasks", { setId: "demo", status: "valid", limit: 1000 });
  const [a, b] = tasks.filter((task) => task.split !== "train");
  const source = (id: string) => demo.find((task) => `demo/${task.id}` === id)!;
  const file = path.join(app.dataDir, "samples.jsonl");
  writeFileSync(file, [
    { task_id: a.id, completion: "Fixed:\n```python\n" + source(a.id).reference + "```" },
    { task_id: a.id, solution: source(a.id).buggyProgram },
    { task_id: b.id, solution: source(b.id).reference },
    { task_id: "nope", solution: "x = 1" },
  ].map((line) => JSON.stringify(line)).join("\n") + "\n");

  await page.goto(`${app.url}#/evaluate`);
  await expect(page.getByRole("heading", { level: 1, name: "Evaluate" })).toBeVisible();
  await expect(page.getByText("No evaluations yet")).toBeVisible();
  await page.getByRole("button", { name: "New evaluation" }).click();
  await expect(page).toHaveURL(/#\/evaluate\/new$/);
  const form = page.getByTestId("new-evaluation");
  await form.getByLabel("Samples from").selectOption("samples");
  await form.getByLabel("Samples file").fill(file);
  await form.getByLabel("pass@k for k =").fill("1, x");
  await expect(form.getByText("whole numbers from 1 to 1024, separated by commas")).toBeVisible();
  await expect(form.getByTestId("start-evaluation")).toBeDisabled();
  await form.getByLabel("pass@k for k =").fill("1,2");
  await form.getByTestId("start-evaluation").click();

  // Done: the page opens the result, with the file's skipped line, the missing tasks and the refused k.
  await expect(page).toHaveURL(/#\/evaluate\/(?!new$)[^/]+$/);
  const view = page.getByTestId("evaluation-view");
  await expect(view.getByTestId("evaluation-state")).toHaveText("complete");
  await expect(view.getByTestId("evaluation-pass")).toContainText("pass@1 75.0 %");
  await expect(view.getByTestId("evaluation-skipped")).toContainText("line 4 (nope)");
  await expect(view.getByTestId("evaluation-missing")).toBeVisible();
  await expect(view).toContainText(`pass@2 leaves out 1 task(s) with fewer than 2 samples: ${b.id}`);
  await expect(page.getByTestId("evaluation-bug-types")).toBeVisible();
  const samplesUrl = page.url();

  // A task's samples: its own URL, the passing fix and the buggy program side by side, Back closes them.
  await page.getByTestId("evaluation-tasks").getByRole("link", { name: a.id }).click();
  await expect(page).toHaveURL(new RegExp(`#/evaluate/[^/]+/${encodeURIComponent(a.id)}$`));
  const shown = page.getByTestId("evaluation-task-samples");
  await expect(shown.getByTestId("evaluation-sample")).toHaveCount(2);
  await expect(shown.getByTestId("evaluation-sample").first()).toContainText("pass");
  await expect(shown.getByTestId("evaluation-sample").nth(1)).toContainText("fail");
  // Each line number stands beside its line once the code is in view (CodeMirror measures lines only when they are).
  await shown.getByTestId("evaluation-sample").first().scrollIntoViewIfNeeded();
  const gutterOffset = () => shown.getByTestId("evaluation-sample").first().evaluate((sample) => {
    const numbers = [...sample.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].filter((element) => element.getBoundingClientRect().height > 0);
    const lines = [...sample.querySelectorAll(".cm-line")];
    return Math.abs(numbers.at(-1)!.getBoundingClientRect().top - lines.at(-1)!.getBoundingClientRect().top);
  });
  await expect.poll(gutterOffset).toBeLessThan(2);
  await saveScreenshot(page, "evaluate-samples");
  await page.goBack();
  await expect(page.getByTestId("evaluation-task-samples")).toHaveCount(0);
  baseExpect(page.url()).toBe(samplesUrl);

  // The loaded tiny model (a grammar lets it write right and wrong one-line fixes) on two dev tasks, with and without the trace.
  const model = await ensureTestModel({ size: "tiny" });
  baseExpect((await finishJob(app, (await call<{ jobId: string }>(app, "loadModel", { path: model, gpu: "cpu", contextSize: 2048, parallelSequences: 2, threads: 1 })).jobId)).status).toBe("done");
  const mini = path.join(app.dataDir, "mini.jsonl");
  writeFileSync(mini, demo.filter((task) => ["average", "first_position"].includes(task.id)).map((task) => JSON.stringify({ ...task, split: "dev" })).join("\n") + "\n");
  baseExpect((await finishJob(app, (await call<{ jobId: string }>(app, "importTasks", { format: "jsonl", files: [mini], setId: "mini" })).jobId)).status).toBe("done");

  await page.goto(`${app.url}#/evaluate/new`);
  await form.getByLabel("Task set").selectOption("mini");
  await expect(form.getByTestId("evaluation-model")).toContainText(path.basename(model));
  await form.getByLabel("Samples per task (n)").fill("2");
  await form.getByLabel("pass@k for k =").fill("1");
  await form.getByText("Advanced: exemplars").click();
  await form.getByLabel("Few-shot exemplars (empty: 1)").fill("0");
  await form.getByLabel("Max tokens per answer (empty: the repair step's)").fill("40");
  await form.getByLabel("GBNF grammar every completion must follow (optional)").fill(roundsGrammar);
  await form.getByTestId("start-evaluation").click();
  await expect(form.getByTestId("evaluation-progress")).toBeVisible();
  await expect(page).toHaveURL(/#\/evaluate\/(?!new$)[^/]+$/, { timeout: 300_000 });
  await expect(page.getByTestId("conditions-this evaluation")).toContainText("next");
  await expect(page.getByTestId("conditions-this evaluation")).toContainText("none");
  await saveScreenshot(page, "evaluate-model");

  // Both listed, and compared side by side.
  await page.getByRole("link", { name: "All evaluations" }).click();
  await expect(page.getByTestId("evaluations-table").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("evaluation-compare")).toBeVisible();
  await saveScreenshot(page, "evaluate-list");

  // An evaluation cancelled part way (no grammar, so the page can repeat its arguments): Resume finishes it, and the
  // view shows the new scores when the job ends, without a reload.
  const started = await call<{ jobId: string }>(app, "evaluate", { id: "cut-short", setId: "mini", source: { kind: "model", path: model }, n: 30, ks: [1], traceFormats: ["none"], fewShot: 0, maxTokens: 24 });
  await expect.poll(async () => (await call<{ done: number }>(app, "getJob", { id: started.jobId })).done, { timeout: 120_000 }).toBeGreaterThan(0);
  await call(app, "cancelJob", { id: started.jobId });
  baseExpect((await finishJob(app, started.jobId)).status).toBe("cancelled");
  await page.goto(`${app.url}#/evaluate/cut-short`);
  await expect(page.getByTestId("evaluation-state")).toHaveText("incomplete");
  await page.getByTestId("resume-evaluation").click();
  await expect(page.getByTestId("resume-progress")).toBeVisible();
  await expect(page.getByTestId("evaluation-state")).toHaveText("complete", { timeout: 300_000 });
  await expect(page.getByTestId("evaluation-tasks").locator("tbody tr").first().locator("td").nth(2)).toHaveText("30");
});
