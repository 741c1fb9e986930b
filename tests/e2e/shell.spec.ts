import { expect, saveScreenshot, test } from "./fixtures/appTest";

const navigation = ["Start", "Models", "Debugger", "Tasks", "Rounds", "Export", "Settings"];

test("opening the printed URL shows the app shell with every page reachable", async ({ page, app }) => {
  await page.goto(app.url);
  // The token moves from the URL into an HttpOnly cookie and leaves the address bar.
  await expect(page).not.toHaveURL(/token=/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const title of navigation) await expect(nav.getByRole("link", { name: title })).toBeVisible();
  for (const title of navigation) {
    await nav.getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await saveScreenshot(page, `page-${title.toLowerCase()}`);
  }
});

test("the Settings page shows the data dir, versions and a passing egress self-test", async ({ page, app }) => {
  await page.goto(`${app.url}#/settings`);
  await expect(page.getByTestId("data-dir")).toHaveText(app.dataDir);
  await expect(page.getByTestId("host")).toHaveText("local web host");
  await expect(page.getByTestId("version-node")).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(page.getByTestId("version-node-llama-cpp")).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId("version-pyodide")).toHaveText(/^\d+\.\d+\.\d+/);
  await page.getByRole("button", { name: "Run egress self-test" }).click();
  await expect(page.getByTestId("egress-result")).toHaveText("Passed: 0 non-loopback connections this session.");
  await saveScreenshot(page, "settings");
});

test("a changed setting is saved in the data dir and survives a restart", async ({ page, app }) => {
  await page.goto(`${app.url}#/settings`);
  await page.getByTestId("theme").selectOption("dark");
  await expect(page.getByTestId("theme")).toHaveValue("dark");
  await page.reload();
  await expect(page.getByTestId("theme")).toHaveValue("dark");
});

test("a page load without the token is refused", async ({ page, app }) => {
  const response = await page.goto(`${app.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator("body")).toContainText("access token");
});

test("sandbox limits, tracer caps and render settings are editable on the Settings page and persist", async ({ page, app }) => {
  await page.goto(`${app.url}#/settings`);
  await page.getByRole("tab", { name: "Python and traces" }).click();
  await expect(page).toHaveURL(/#\/settings\/sandbox$/);
  const timeout = page.getByTestId("python-limits-timeoutMs");
  await expect(timeout).toHaveValue("5000");
  await timeout.fill("8000");
  await timeout.press("Enter");
  const budget = page.getByTestId("trace-budget");
  await expect(budget).toHaveValue("512");
  await budget.fill("1024");
  await budget.press("Enter");
  await expect(page.getByTestId("trace-budget")).toHaveValue("1024");
  await page.reload();
  // The tab is part of the route, so a reload comes back to it.
  await expect(page.getByTestId("python-limits-timeoutMs")).toHaveValue("8000");
  await expect(page.getByTestId("trace-budget")).toHaveValue("1024");
  // A bad value is refused with the reason beside the field (not silently reverted), and the stored value stays.
  const maxSteps = page.getByTestId("python-caps-maxSteps");
  await maxSteps.fill("-3");
  await maxSteps.press("Enter");
  await expect(maxSteps).toHaveAttribute("aria-invalid", "true");
  await expect(maxSteps).toHaveValue("-3");
  await expect(page.getByRole("alert").filter({ hasText: "python.caps.maxSteps" })).toBeVisible();
  await expect(maxSteps).toHaveAccessibleDescription(/python\.caps\.maxSteps/);
  await saveScreenshot(page, "settings-runtime");
  await page.reload();
  await expect(page.getByTestId("python-caps-maxSteps")).toHaveValue("10000");
});
