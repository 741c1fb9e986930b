import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, saveScreenshot, test } from "./fixtures/appTest";

/**
 * The first-run path as a new user meets it: the app opens on Start, the models folder is picked with a path
 * field that completes from this machine's file system, the demo set imports with its progress where the button
 * was pressed, and the next step opens a demo task in the Debugger by its route.
 */
test("first run: the start page picks a models folder by completion, imports the demo set and opens a task in the Debugger", async ({ page, app }) => {
  const root = mkdtempSync(path.join(os.tmpdir(), "tracetune-e2e-start-"));
  mkdirSync(path.join(root, "my-models", "qwen"), { recursive: true });
  try {
    await page.goto(app.url);
    await expect(page).toHaveURL(/\/(#\/?)?$/);
    await expect(page.getByRole("heading", { level: 1, name: "Start" })).toBeVisible();
    await expect(page.getByTestId("start-step-demo")).toHaveAttribute("data-done", "false");
    await expect(page.getByTestId("start-debugger-waits")).toContainText("Import the demo set first");
    await saveScreenshot(page, "start-first-run");

    // Typing a partial path lists the matching folders of the server's file system; Tab takes the only one.
    const field = page.getByRole("combobox", { name: "Models folder" });
    await field.fill(`${root}/my`);
    await expect(page.getByRole("option", { name: "my-models/" })).toBeVisible();
    await field.press("Tab");
    await expect(field).toHaveValue(`${path.join(root, "my-models")}/`);
    await expect(page.getByRole("option", { name: "qwen/" })).toBeVisible();
    await page.getByRole("button", { name: "Use this folder" }).click();
    await expect(page.getByTestId("start-step-models")).toHaveAttribute("data-done", "true");
    await expect(page.getByTestId("start-step-models")).toContainText("0 model(s) found");

    await page.getByTestId("start-import-demo").click();
    await expect(page.getByTestId("start-import-progress")).toBeVisible();
    await expect(page.getByTestId("start-step-demo")).toHaveAttribute("data-done", "true", { timeout: 90_000 });
    await expect(page.getByTestId("start-step-demo")).toContainText("24 tasks, 24 validated");
    await expect(page.getByTestId("job-tray").getByTestId("job").first()).toContainText("Finished");
    await saveScreenshot(page, "start-done");
    // What comes after the first bug: the other two flows, each one click from here.
    await expect(page.getByTestId("start-next").getByRole("link", { name: "Evaluate a model" })).toHaveAttribute("href", "#/evaluate/new");
    await expect(page.getByTestId("start-next").getByRole("link", { name: "Improve a model round by round" })).toHaveAttribute("href", "#/rounds/new");

    await page.getByTestId("start-open-debugger").click();
    await expect(page).toHaveURL(/#\/debugger\/demo%2Fclamp$/);
    await expect(page.getByRole("heading", { level: 1, name: "Debugger" })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: "Start" })).toBeVisible();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a task file dropped on the import panel is imported, and a set is deleted after confirming", async ({ page, app }) => {
  await page.goto(`${app.url}#/tasks`);
  const line = JSON.stringify({ id: "inc", description: "Return x + 1.", buggyProgram: "def inc(x):\n    return x\n", reference: "def inc(x):\n    return x + 1\n", tests: ["assert inc(1) == 2"], bugType: "missing logic" });
  // The browser hands a dropped file's contents (never its path) to the page, as a real drop does.
  const transfer = await page.evaluateHandle(`(() => {
    const data = new DataTransfer();
    data.items.add(new File([${JSON.stringify(line + "\n")}], "dropped.jsonl", { type: "application/jsonl" }));
    return data;
  })()`);
  await page.getByTestId("import-panel").dispatchEvent("drop", { dataTransfer: transfer });
  await expect(page.getByTestId("import-paths")).toHaveValue(/uploads\/\d{8}T\d{6}-dropped\.jsonl$/);
  await page.getByTestId("import-set").fill("dropped");
  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-report")).toContainText("Set dropped: 1 read", { timeout: 90_000 });
  await expect(page.getByTestId("task-set-dropped").getByTestId("count")).toHaveText("1");

  await page.getByTestId("delete-set-dropped").click();
  const dialog = page.getByRole("dialog", { name: 'Delete set "dropped"?' });
  await expect(dialog).toBeVisible();
  await saveScreenshot(page, "tasks-delete-confirm");
  // Escape cancels and keeps the set; confirming deletes it.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("task-set-dropped")).toBeVisible();
  await page.getByTestId("delete-set-dropped").click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByTestId("task-set-dropped")).toHaveCount(0);
  await expect(page.getByTestId("no-task-sets")).toBeVisible();
});
