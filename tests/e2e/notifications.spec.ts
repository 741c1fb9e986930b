import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures/appTest";
import type { ServedApp } from "./fixtures/startServe";
import { callApi as call, finishJob } from "./fixtures/callApi";

const finish = async (app: ServedApp, jobId: string) => (await finishJob(app, jobId, 100)).status;

/**
 * Records every `new Notification(...)` the page makes, then calls through to Chromium's. A headless page is always
 * visible and focused, so the script also makes the window read as hidden and unfocused (the state the feature is
 * for) when `window.__away` is set; everything else (the job, its events, permission, the Notification API) is real.
 */
const recordNotifications = `(() => {
  const Real = window.Notification;
  const calls = [];
  window.__notifications = calls;
  window.__away = true;
  const Recording = function (title, options) {
    calls.push({ title, body: options && options.body });
    return new Real(title, options);
  };
  Object.defineProperty(Recording, "permission", { get: () => Real.permission });
  Recording.requestPermission = Real.requestPermission.bind(Real);
  window.Notification = Recording;
  Object.defineProperty(document, "hidden", { configurable: true, get: () => window.__away });
  const hasFocus = document.hasFocus.bind(document);
  document.hasFocus = () => !window.__away && hasFocus();
})();`;

test("an evaluation that finishes while the window is hidden shows a system notification; the setting turns it off", async ({ app, page, context }) => {
  await context.grantPermissions(["notifications"], { origin: app.origin });
  await page.addInitScript({ content: recordNotifications });
  const demo = readFileSync(path.join(import.meta.dirname, "../../resources/demo-tasks/demo-tasks.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const dev = demo.find((task) => task.id === "dot_product");
  const setFile = path.join(app.dataDir, "one.jsonl");
  writeFileSync(setFile, JSON.stringify({ ...dev, split: "dev" }) + "\n");
  expect(await finish(app, (await call<{ jobId: string }>(app, "importTasks", { format: "jsonl", files: [setFile], setId: "one" })).jobId)).toBe("done");
  const samplesFile = path.join(app.dataDir, "samples.jsonl");
  writeFileSync(samplesFile, JSON.stringify({ task_id: "dot_product", solution: dev.reference }) + "\n");

  await page.goto(`${app.url}#/rounds`);
  await expect(page.getByRole("heading", { level: 1, name: "Rounds" })).toBeVisible();
  expect(await page.evaluate("Notification.permission")).toBe("granted");

  const first = await call<{ jobId: string }>(app, "evaluate", { setId: "one", source: { kind: "samples", file: samplesFile }, ks: [1], id: "notify-1" });
  expect(await finish(app, first.jobId)).toBe("done");
  await expect.poll(() => page.evaluate<unknown[]>("window.__notifications"), { timeout: 15_000 }).toEqual([{ title: "Evaluation finished", body: expect.stringContaining("one") }]);

  // The user is looking: no notification.
  await page.evaluate("window.__away = false");
  expect(await finish(app, (await call<{ jobId: string }>(app, "evaluate", { setId: "one", source: { kind: "samples", file: samplesFile }, ks: [1], id: "notify-2" })).jobId)).toBe("done");
  // Setting off (Settings → General → Long work): none either, though away.
  await page.evaluate("location.hash = '#/settings'");
  const longWork = page.getByTestId("long-work-settings");
  await expect(longWork.getByTestId("keep-awake-how")).toContainText("Here: ");
  await longWork.getByLabel("Notify me when one ends while the window is in the background").uncheck();
  await expect.poll(async () => (await call<{ settings: { jobs: unknown } }>(app, "getSettings")).settings.jobs).toEqual({ keepAwake: true, notifyOnFinish: false });
  await page.evaluate("window.__away = true");
  expect(await finish(app, (await call<{ jobId: string }>(app, "evaluate", { setId: "one", source: { kind: "samples", file: samplesFile }, ks: [1], id: "notify-3" })).jobId)).toBe("done");
  await page.waitForTimeout(1000);
  expect(await page.evaluate<unknown[]>("window.__notifications")).toHaveLength(1);
});
