import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/appTest";
import type { ServedApp } from "./fixtures/startServe";

/**
 * Every page in both themes: an automated WCAG 2.x AA check (axe), a screenshot per page and theme in
 * test-results/e2e/screenshots/, keyboard use of the shell and the task pane, and the job tray in view at
 * the bottom of the longest page.
 */
test.use({ viewport: { width: 1440, height: 900 } });

const pages: Array<{ name: string; hash: string; heading: string }> = [
  { name: "start", hash: "#/start", heading: "Start" },
  { name: "models", hash: "#/models", heading: "Models" },
  { name: "debugger", hash: "#/debugger", heading: "Debugger" },
  { name: "tasks", hash: "#/tasks", heading: "Tasks" },
  { name: "task", hash: `#/tasks/${encodeURIComponent("demo/binary_search")}`, heading: "Tasks" },
  { name: "evaluate", hash: "#/evaluate", heading: "Evaluate" },
  { name: "evaluate-new", hash: "#/evaluate/new", heading: "Evaluate" },
  { name: "rounds", hash: "#/rounds", heading: "Rounds" },
  { name: "export", hash: "#/export", heading: "Export" },
  { name: "settings", hash: "#/settings", heading: "Settings" },
  { name: "settings-sandbox", hash: "#/settings/sandbox", heading: "Settings" },
  { name: "settings-engines", hash: "#/settings/engines", heading: "Settings" },
];

async function call(app: ServedApp, method: string, args: unknown): Promise<unknown> {
  const reply = (await (await fetch(`${app.origin}/api/call`, { method: "POST", headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json" }, body: JSON.stringify({ method, args }) })).json()) as { ok: boolean; result: unknown; error?: unknown };
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.result;
}

async function importDemo(app: ServedApp): Promise<void> {
  const { jobId } = (await call(app, "importDemoTasks", {})) as { jobId: string };
  await expect.poll(async () => ((await call(app, "getJob", { id: jobId })) as { status: string }).status, { timeout: 90_000 }).toBe("done");
}

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const theme of ["light", "dark"] as const) {
  test(`every page passes an automated WCAG AA check in the ${theme} theme, with a screenshot each`, async ({ page, app }) => {
    test.setTimeout(240_000);
    await importDemo(app);
    await call(app, "updateSettings", { patch: { theme } });
    await page.goto(app.url);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    const found: Record<string, string[]> = {};
    for (const entry of pages) {
      await page.goto(`${app.origin}/${entry.hash}`);
      await expect(page.getByRole("heading", { level: 1, name: entry.heading })).toBeVisible();
      if (entry.name === "task") await expect(page.getByTestId("task-detail").getByTestId("task-buggy")).toContainText("def binary_search");
      if (entry.name === "tasks") await expect(page.getByTestId("task-list")).toBeVisible();
      await page.screenshot({ path: `test-results/e2e/screenshots/${entry.name}-${theme}.png` });
      const problems = await violations(page);
      if (problems.length > 0) found[entry.name] = problems;
    }
    expect(found).toEqual({});
  });
}

test("the job tray stays in view at the bottom of the longest page, with a finished job marked finished", async ({ page, app }) => {
  await page.goto(`${app.url}#/tasks`);
  await page.getByTestId("import-demo").click();
  const tray = page.getByTestId("job-tray");
  await expect(tray.getByTestId("job").first()).toContainText("Finished", { timeout: 90_000 });
  // Progress showed where the button was pressed too, and ends as finished there.
  await expect(page.getByTestId("import-progress")).toContainText("Finished");
  await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)");
  expect(await page.evaluate<number>("window.scrollY")).toBeGreaterThan(200);
  await expect(tray).toBeInViewport();
  await page.screenshot({ path: "test-results/e2e/screenshots/tasks-scrolled-tray.png" });
});

test("the keyboard reaches every page and opens and closes a task", async ({ page, app }) => {
  await importDemo(app);
  await page.goto(app.url);
  await expect(page.getByRole("heading", { level: 1, name: "Start" })).toBeVisible();
  // First Tab: the skip link; then the navigation in order.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const title of ["Start", "Models", "Debugger", "Tasks"]) {
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: title })).toBeFocused();
  }
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#\/tasks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();

  // A task link is reached with Tab and opened with Enter; focus moves into the pane; Escape closes it.
  const link = page.getByRole("link", { name: "demo/clamp", exact: true });
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#\/tasks\/demo%2Fclamp$/);
  await expect(page.getByTestId("task-title")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("task-detail")).toHaveCount(0);

  // Settings tabs move with the arrow keys and keep the route.
  await page.goto(`${app.origin}/#/settings`);
  await page.getByRole("tab", { name: "General" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Python and traces" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#\/settings\/sandbox$/);
});
