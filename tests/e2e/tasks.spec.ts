import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, saveScreenshot, test } from "./fixtures/appTest";
import { startServe } from "./fixtures/startServe";

function writeTaskFiles(): { good: string; malformed: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-e2e-tasks-"));
  const task = (id: string, op: string) => ({
    id, description: `Return x ${op} 1.`, buggyProgram: `def ${id}(x):\n    return x\n`, reference: `def ${id}(x):\n    return x ${op} 1\n`,
    tests: [`assert ${id}(1) == ${op === "+" ? 2 : 0}`], bugType: "missing logic",
  });
  const good = path.join(dir, "good.jsonl");
  writeFileSync(good, [task("inc", "+"), task("dec", "-")].map((t) => JSON.stringify(t)).join("\n") + "\n");
  const malformed = path.join(dir, "broken.jsonl");
  writeFileSync(malformed, [JSON.stringify(task("twice", "+")), "{oops", JSON.stringify({ id: "x", buggyProgram: "def x(): pass" })].join("\n") + "\n");
  return { good, malformed };
}

test("importing a good file and a malformed one: progress, counts, and the malformed lines with their numbers", async ({ page, app }) => {
  const { good, malformed } = writeTaskFiles();
  await page.goto(`${app.url}#/tasks`);
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await expect(page.getByTestId("no-task-sets")).toBeVisible();

  await page.getByTestId("import-paths").fill(good);
  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-report")).toContainText("Set good: 2 read", { timeout: 90_000 });
  await expect(page.getByTestId("report-added")).toHaveText("2");
  await expect(page.getByTestId("task-set-good").getByTestId("valid")).toHaveText("2");

  await page.getByTestId("import-paths").fill(malformed);
  await page.getByTestId("import-start").click();
  const problems = page.getByTestId("import-problems");
  // Problems are grouped by reason, each with where it happened.
  await expect(problems.getByRole("listitem").filter({ hasText: "not valid JSON" })).toContainText("broken.jsonl:2", { timeout: 60_000 });
  await expect(problems.getByRole("listitem").filter({ hasText: 'field "tests" must be' })).toContainText("broken.jsonl:3");
  await expect(page.getByTestId("report-added")).toHaveText("1");
  await expect(page.getByTestId("task-set-broken").getByTestId("count")).toHaveText("1");
  await saveScreenshot(page, "tasks-import-report");
});

test("the demo set imports and a task view shows code, tests, reference, bug type, failing test and verdict", async ({ page, app }) => {
  await page.goto(`${app.url}#/tasks`);
  await page.getByTestId("import-demo").click();
  await expect(page.getByTestId("import-report")).toContainText("Set demo: 24 read", { timeout: 90_000 });
  await expect(page.getByTestId("task-set-demo").getByTestId("valid")).toHaveText("24");
  // Re-validation is a job: its progress shows in the set's row, where it was started, and ends as finished.
  await page.getByTestId("task-set-demo").getByTestId("validate-set").click();
  await expect(page.getByTestId("validate-progress-demo")).toContainText("Finished · 24 / 24", { timeout: 90_000 });

  await page.getByTestId("filter-bug-type").selectOption("operator misuse");
  await expect(page.getByTestId("task-total")).toHaveText("4 task(s)");
  await page.getByTestId("filter-query").fill("binary");
  await page.getByTestId("task-row-demo/binary_search").getByRole("link", { name: "demo/binary_search" }).click();
  // The task opens in view (a pane beside the list, never below it) and has its own URL: the id is one segment.
  await expect(page).toHaveURL(/#\/tasks\/demo%2Fbinary_search$/);
  const detail = page.getByTestId("task-detail");
  await expect(detail.getByRole("heading", { name: "demo/binary_search" })).toBeInViewport();
  await expect(detail.getByTestId("task-title")).toHaveText("demo/binary_search");
  await expect(detail.getByTestId("task-bug-type")).toHaveText("operator misuse");
  await expect(detail.getByTestId("task-status")).toHaveText(/^valid/);
  await expect(detail.getByTestId("task-verdict")).toHaveText("fail, fails 2 of 5 tests");
  await expect(detail.getByTestId("task-failing-test")).toContainText("assert binary_search([1, 3, 5, 7, 9], 9) == 4");
  await expect(detail.getByTestId("task-buggy")).toContainText("while lo < hi:");
  await expect(detail.getByTestId("task-reference")).toContainText("while lo <= hi:");
  await expect(detail.getByTestId("task-tests")).toContainText("assert binary_search([], 1) == -1");
  const failing = detail.getByTestId("task-failing-tests").locator(".cm-line");
  await expect(failing).toHaveText(["assert binary_search([1, 3, 5, 7, 9], 9) == 4", "assert binary_search([4], 4) == 0"]);
  await saveScreenshot(page, "tasks-task-view");

  // The demo set's training tasks are distinct functions from its dev/test ones: the guard finds nothing.
  await page.getByTestId("contamination-run").click();
  await expect(page.getByTestId("contamination-summary")).toContainText("0 pair(s) at threshold 0.9");

  // Back closes the task; Forward opens it again; a deep link opens it on a fresh page load.
  await page.goBack();
  await expect(page).toHaveURL(/#\/tasks$/);
  await expect(detail).toHaveCount(0);
  await page.goForward();
  await expect(detail.getByTestId("task-title")).toHaveText("demo/binary_search");
  await page.goto(`${app.origin}/#/tasks/${encodeURIComponent("demo/clamp")}`);
  await expect(page.getByTestId("task-detail").getByTestId("task-title")).toHaveText("demo/clamp");
  await expect(page.getByTestId("task-detail").getByRole("link", { name: "Open in Debugger" })).toHaveAttribute("href", "#/debugger/demo%2Fclamp");
});

test("an own task created in the editor is validated; a bad one names the field", async ({ page, app }) => {
  await page.goto(`${app.url}#/tasks`);
  await page.getByTestId("new-task").click();
  await page.getByTestId("edit-id").fill("halve");
  await page.getByTestId("edit-buggy").fill("def halve(x):\n    return x // 2\n");
  await page.getByTestId("edit-tests").fill("assert halve(3) == 1.5\nassert halve(4) == 2");
  await page.getByTestId("edit-reference").fill("def halve(x):\n    return x / 2\n");
  await page.getByTestId("edit-bug-type").selectOption("operator misuse");
  await page.getByTestId("edit-save").click();
  const detail = page.getByTestId("task-detail");
  await expect(detail.getByTestId("task-title")).toHaveText("own/halve", { timeout: 90_000 });
  await expect(detail.getByTestId("task-status")).toHaveText(/^valid/, { timeout: 60_000 });
  await expect(detail.getByTestId("task-failing-test")).toContainText("assert halve(3) == 1.5");

  await page.getByTestId("new-task").click();
  await page.getByTestId("edit-id").fill("bad id!");
  await page.getByTestId("edit-save").click();
  await expect(page.getByTestId("edit-error")).toContainText('field "id"');
});

test("a task store with unreadable lines: the list warns by file and line, shows the rest, and the bad lines can be moved aside", async ({ page }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-e2e-store-"));
  const { good } = writeTaskFiles();
  expect(spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, "tasks", "import", "--format", "jsonl", "--no-validate", good]).status).toBe(0);
  appendFileSync(path.join(dataDir, "tasks", "good", "tasks.jsonl"), '{"id": 3}\nnot json\n');
  const app = await startServe({ dataDir });
  try {
    await page.goto(`${app.url}#/tasks`);
    const warnings = page.getByTestId("store-warnings");
    await expect(warnings).toContainText("2 line(s) of the task store could not be read");
    await expect(warnings).toContainText("good/tasks.jsonl:3: valid JSON but not a record");
    await expect(warnings).toContainText("good/tasks.jsonl:4: not valid JSON");
    await expect(page.getByTestId("task-total")).toHaveText("2 task(s)");
    await saveScreenshot(page, "tasks-store-warnings");
    await page.getByTestId("repair-good").click();
    await expect(warnings).toHaveCount(0);
    await expect(page.getByTestId("task-total")).toHaveText("2 task(s)");
    expect(readdirSync(path.join(dataDir, "tasks", "good")).filter((name) => name.startsWith("tasks.jsonl.rejected-"))).toHaveLength(1);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
