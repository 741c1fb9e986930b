import { expect, saveScreenshot, test } from "./fixtures/appTest";

const navigation = ["Models", "Debugger", "Tasks", "Rounds", "Export", "Settings"];

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
