import { ensureTestModel } from "../model/gguf/ensureTestModel";
import { gbnfLiteral } from "../model/repair/gbnfLiteral";
import type { ServedApp } from "./fixtures/startServe";
import { expect as baseExpect, saveScreenshot, test } from "./fixtures/appTest";
import { callApi as call, finishJob } from "./fixtures/callApi";

// The core loads the model and Pyodide on 2 shared cores: give server round trips room.
const expect = baseExpect.configure({ timeout: 60_000 });

/** Calls the app's API as the page does (bearer token), for the set-up a user would do on other pages. */

const finish = (app: ServedApp, jobId: string) => finishJob(app, jobId);

const fixedProgram = 'def count_vowels(text):\n    count = 0\n    for ch in text.lower():\n        if ch in "aeiou":\n            count += 1\n    return count\n';
const fixAnswer = `The loop compares each character with lowercase vowels only, so the uppercase vowels of 'AEIOU' are never counted and count stays 0.\n\`\`\`python\n${fixedProgram}\`\`\`\n`;

test("the Debugger runs a task, steps through the failing call, shows the prompt, and verifies the model's fix", async ({ page, app }) => {
  test.setTimeout(300_000);
  baseExpect((await finish(app, (await call<{ jobId: string }>(app, "importDemoTasks", { validate: false })).jobId)).status).toBe("done");
  const model = await ensureTestModel({ size: "tiny" });
  baseExpect((await finish(app, (await call<{ jobId: string }>(app, "loadModel", { path: model, gpu: "cpu", contextSize: 2048, parallelSequences: 2, threads: 1 })).jobId)).status).toBe("done");

  page.on("pageerror", (error) => console.log("PAGEERROR", error.message, error.stack?.slice(0, 800)));
  await page.goto(`${app.url}#/debugger/${encodeURIComponent("demo/count_vowels")}`);
  await expect(page.getByRole("heading", { level: 1, name: "Debugger" })).toBeVisible();
  await expect(page.getByTestId("program-editor")).toContainText("def count_vowels(text):");
  await page.getByTestId("run-tests").click();
  await expect(page.getByTestId("run-verdict")).toHaveText("fail");
  await expect(page.getByTestId("test-results")).toContainText("assert count_vowels('AEIOU') == 5");

  // The failing call is traced: it ends returning 0; stepping back reaches the loop's earlier iterations.
  const trace = page.getByTestId("trace-view");
  await expect(trace).toContainText("count_vowels('AEIOU')");
  await expect(trace).toContainText("returned 0");
  await page.getByRole("button", { name: "First step" }).click();
  await expect(page.getByTestId("trace-where")).toContainText("step 1 of");
  await page.getByRole("button", { name: "Forward ▶" }).click();
  await page.getByRole("button", { name: "Forward ▶" }).click();
  await page.getByRole("button", { name: "Forward ▶" }).click();
  await expect(page.getByTestId("trace-where")).toContainText("line 4");
  await page.getByRole("button", { name: "Next iteration ↷" }).click();
  await expect(page.getByTestId("trace-where")).toContainText("run 2 of this line");
  await expect(page.getByTestId("trace-code")).toContainText("ch = 'E'");
  await expect(page.getByTestId("call-stack")).toContainText("count_vowels");
  await saveScreenshot(page, "debugger-trace");

  // The tiny model's context (2048) holds no exemplar: the prompt choices are shared with "Ask the model".
  const promptPanel = page.getByTestId("prompt-panel");
  await promptPanel.getByLabel("Few-shot exemplars").selectOption("0");
  await promptPanel.getByLabel("Room for the answer (tokens)").fill("400");
  await page.getByTestId("show-prompt").click();
  await expect(page.getByTestId("prompt-facts")).toContainText("the loaded model's tokenizer");
  await expect(page.getByTestId("prompt-text")).toContainText("count_vowels");

  // Ask the model; the grammar forces the known fix, so the real inference path runs and the verdict is known.
  const ask = page.getByTestId("ask-model");
  await ask.getByLabel("Samples (k)").fill("2");
  await ask.getByText("Advanced: serving engine, grammar").click();
  await ask.getByLabel("GBNF grammar every completion must follow").fill(gbnfLiteral(fixAnswer));
  await ask.getByTestId("ask-button").click();
  await expect(page.getByTestId("sample-card")).toHaveCount(2, { timeout: 180_000 });
  await expect(page.getByTestId("sample-verdict").first()).toHaveText("verified fix");
  await expect(page.getByTestId("ask-summary")).toHaveText("2 of 2 judged fixes pass every test");
  await expect(page.getByTestId("fix-diff").first()).toContainText("text.lower()");
  await page.getByTestId("sample-card").first().getByRole("button", { name: "Compare traces" }).click();
  await expect(page.getByTestId("trace-diff").first()).toContainText("Differential trace of count_vowels('AEIOU')");
  await saveScreenshot(page, "debugger-fix");

  // Output forced to prose only: an unparsable sample, reported apart from wrong fixes.
  await ask.getByLabel("GBNF grammar every completion must follow").fill(gbnfLiteral("The loop should lower-case the text first."));
  await ask.getByLabel("Samples (k)").fill("1");
  await ask.getByTestId("ask-button").click();
  await expect(page.getByTestId("sample-verdict")).toHaveText([/^unparsable/], { timeout: 120_000 });
  await saveScreenshot(page, "debugger-unparsable");
});

test("a program that runs forever: the verdict is timeout and the partial trace says where and why it stopped", async ({ page, app }) => {
  test.setTimeout(180_000);
  await page.goto(`${app.url}#/debugger`);
  await expect(page.getByRole("heading", { level: 1, name: "Debugger" })).toBeVisible();
  await page.getByTestId("program-editor").locator(".cm-content").fill("def spin(n):\n    while True:\n        n += 1\n");
  await page.getByTestId("tests-editor").locator(".cm-content").fill("assert spin(1) == 2\n");
  await page.getByTestId("run-tests").click();
  await expect(page.getByTestId("run-verdict")).toHaveText("timeout");
  await expect(page.getByTestId("trace-stopped")).toContainText(/Stopped at line \d+/);
  await saveScreenshot(page, "debugger-timeout");
});
