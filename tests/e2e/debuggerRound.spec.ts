import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureTestModel } from "../model/gguf/ensureTestModel";
import { gbnfLiteral } from "../model/repair/gbnfLiteral";
import { roundsGrammar } from "../model/rounds/roundsFixture";
import { startCli } from "../model/rounds/runCli";
import type { ServedApp } from "./fixtures/startServe";
import { expect as baseExpect, test } from "./fixtures/appTest";
import { callApi as call, finishJob } from "./fixtures/callApi";

const expect = baseExpect.configure({ timeout: 60_000 });

const finish = async (app: ServedApp, jobId: string) => (await finishJob(app, jobId)).status;
interface Job { id: string; kind: string; status: string; queuedFor?: string | null; startedAt: string; endedAt: string | null }

const fixedProgram = 'def count_vowels(text):\n    count = 0\n    for ch in text.lower():\n        if ch in "aeiou":\n            count += 1\n    return count\n';
const fixAnswer = `Upper-case vowels are never counted.\n\`\`\`python\n${fixedProgram}\`\`\`\n`;

test("asking the model while a round holds it: the user pauses the round, gets the answer, and the round resumes by itself", async ({ page, app }) => {
  test.setTimeout(480_000);
  // Two training tasks for the round (validated on import), the demo set for the Debugger.
  const demo = readFileSync(path.join(import.meta.dirname, "../../resources/demo-tasks/demo-tasks.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const miniFile = path.join(app.dataDir, "mini.jsonl");
  writeFileSync(miniFile, demo.filter((task) => ["average", "first_position"].includes(task.id)).map((task) => JSON.stringify({ ...task, split: "train" })).join("\n") + "\n");
  baseExpect(await finish(app, (await call<{ jobId: string }>(app, "importTasks", { format: "jsonl", files: [miniFile], setId: "mini" })).jobId)).toBe("done");
  baseExpect(await finish(app, (await call<{ jobId: string }>(app, "importDemoTasks", { validate: false })).jobId)).toBe("done");
  const model = await ensureTestModel({ size: "tiny" });
  baseExpect(await finish(app, (await call<{ jobId: string }>(app, "loadModel", { path: model, gpu: "cpu", contextSize: 2048, parallelSequences: 3, threads: 1 })).jobId)).toBe("done");

  // A round long enough to be running when the user asks (k 64 per hard task).
  const round = await call<{ jobId: string }>(app, "runRounds", {
    name: "busy", taskSetIds: ["mini"], model: { kind: "model", path: model, loraAdapters: [] },
    k: 64, hardN: 2, hardM: 1, evalN: 0, fewShot: 0, maxTokens: 40, seed: 3, grammar: roundsGrammar,
  });
  await expect.poll(async () => (await call<Job>(app, "getJob", { id: round.jobId })).queuedFor ?? null).toBeNull();

  // The Rounds page says whether the computer is kept awake (here: systemd-inhibit without a system bus refuses).
  await page.goto(`${app.url}#/rounds/busy`);
  const keepAwake = page.getByTestId("keep-awake");
  await expect(keepAwake).toBeVisible();
  const awakeState = await keepAwake.getAttribute("data-state");
  baseExpect(["active", "unavailable"]).toContain(awakeState);
  await expect(keepAwake).toContainText(awakeState === "active" ? "Keeping this computer awake while the round runs" : "Cannot keep this computer awake here");
  await expect(page.getByTestId("tray-keep-awake")).toHaveText(awakeState === "active" ? "Keeping this computer awake" : "Cannot keep this computer awake here");

  await page.goto(`${app.url}#/debugger/${encodeURIComponent("demo/count_vowels")}`);
  await expect(page.getByTestId("program-editor")).toContainText("def count_vowels(text):");
  const promptPanel = page.getByTestId("prompt-panel");
  await promptPanel.getByLabel("Few-shot exemplars").selectOption("0");
  await promptPanel.getByLabel("Room for the answer (tokens)").fill("200");
  const ask = page.getByTestId("ask-model");
  await ask.getByLabel("Samples (k)").fill("1");
  await ask.getByText("Advanced: serving engine, grammar").click();
  await ask.getByLabel("GBNF grammar every completion must follow").fill(gbnfLiteral(fixAnswer));

  // Cancel: nothing starts.
  await ask.getByTestId("ask-button").click();
  const dialog = page.getByRole("dialog", { name: "A round is using the model" });
  await expect(dialog).toContainText("busy");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  baseExpect((await call<Job[]>(app, "listJobs")).filter((job) => job.kind === "repair")).toHaveLength(0);

  // Pause and answer now.
  await ask.getByTestId("ask-button").click();
  await dialog.getByTestId("pause-round-and-ask").click();
  await expect(page.getByTestId("sample-card")).toHaveCount(1, { timeout: 180_000 });
  await expect(page.getByTestId("sample-verdict").first()).toHaveText("verified fix");
  await expect(page.getByTestId("paused-round")).toContainText("has resumed");
  await expect.poll(async () => (await call<{ state: string }>(app, "getRoundRun", { name: "busy" })).state).toBe("running");

  // The order the jobs ran in: the round stopped before the repair began; the resumed round began after it ended.
  const jobs = await call<Job[]>(app, "listJobs");
  const repair = jobs.find((job) => job.kind === "repair")!;
  const rounds = jobs.filter((job) => job.kind === "rounds.run");
  baseExpect(rounds.map((job) => job.status)).toEqual(["cancelled", "running"]);
  baseExpect(Date.parse(rounds[0].endedAt!)).toBeLessThanOrEqual(Date.parse(repair.startedAt));
  baseExpect(Date.parse(rounds[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(repair.endedAt!));

  // Wait until the round finishes: the answer queues for the model, and comes once the round lets go of it.
  await ask.getByTestId("ask-button").click();
  await dialog.getByTestId("wait-for-round").click();
  await expect(page.getByTestId("repair-progress")).toContainText("Queued: waiting for the model");
  // The round is paused from another process (`tracetune round pause` beside the web host): the answer then comes.
  const pause = startCli(["--data-dir", app.dataDir, "round", "pause", "busy", "--json"]);
  baseExpect((await pause.exited).code, pause.stderr()).toBe(0);
  baseExpect(JSON.parse(pause.stdout())).toMatchObject({ name: "busy", state: "paused" });
  await expect(page.getByTestId("ask-summary")).toHaveText("1 of 1 judged fix passes every test", { timeout: 180_000 });
  const repairs = (await call<Job[]>(app, "listJobs")).filter((job) => job.kind === "repair");
  baseExpect(repairs).toHaveLength(2);
  baseExpect(Date.parse(repairs[1].startedAt)).toBeLessThan(Date.parse((await call<Job[]>(app, "listJobs")).filter((job) => job.kind === "rounds.run")[1].endedAt!));
});
