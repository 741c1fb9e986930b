import { expect, saveScreenshot, test } from "./fixtures/appTest";

// Issue 11: the page without a token says how to get in, keeps the hash route and returns to it.
test("a link without the token shows how to get in, and the printed URL then returns to the route", async ({ page, app }) => {
  const response = await page.goto(`${app.origin}/#/tasks/demo%2Fclamp`);
  expect(response?.status()).toBe(401);
  await expect(page.getByRole("heading", { level: 1, name: "Open tracetune with its access link" })).toBeVisible();
  await expect(page.locator("body")).toContainText("tracetune serve");
  await expect(page.locator("#return-to")).toContainText("#/tasks/demo/clamp");
  await saveScreenshot(page, "sign-in");
  // Opening the printed URL (no hash) comes back to the route the user had asked for.
  await page.goto(app.url);
  await expect(page).toHaveURL(`${app.origin}/#/tasks/demo%2Fclamp`);
});

test("pasting the printed link on that page opens the app at the route", async ({ page, app }) => {
  await page.goto(`${app.origin}/#/settings`);
  await page.getByRole("textbox", { name: "Access link or token" }).fill(app.url);
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page).toHaveURL(`${app.origin}/#/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
});
