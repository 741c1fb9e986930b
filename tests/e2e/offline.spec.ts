import { expect, test } from "./fixtures/appTest";

/**
 * A full web session (every page, every API read the pages make, a settings write) and then the core's own
 * egress report: the browser may talk to the loopback host only, and the core makes 0 non-loopback connections.
 */
test("a full web session makes 0 non-loopback connections", async ({ page, app }) => {
  const outsideRequests: string[] = [];
  page.on("request", (request) => {
    const { hostname, protocol } = new URL(request.url());
    if (protocol.startsWith("http") || protocol.startsWith("ws")) {
      if (hostname !== "127.0.0.1" && hostname !== "localhost") outsideRequests.push(request.url());
    }
  });
  await page.goto(app.url);
  for (const title of ["Models", "Debugger", "Tasks", "Rounds", "Export", "Settings"]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  }
  await page.getByTestId("theme").selectOption("light");
  const report = (await (
    await fetch(`${app.origin}/api/call`, { method: "POST", headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json" }, body: JSON.stringify({ method: "getEgressReport", args: {} }) })
  ).json()) as { ok: boolean; result: { nonLoopback: number } };
  expect(report.ok).toBe(true);
  expect(report.result.nonLoopback).toBe(0);
  expect(outsideRequests).toEqual([]);
});
