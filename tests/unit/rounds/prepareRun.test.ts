import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JobContext } from "../../../native/common/jobs.js";
import { findSettingMismatch, resolveRoundSettings } from "../../../native/rounds/common/roundSettings.js";
import { checkReachable, prepareRun } from "../../../native/rounds/node/prepareRun.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { setRunModel } from "../../../native/rounds/setRunModel.js";
import { loadExemplars } from "../../../native/repair/exemplars.js";
import { importTasks } from "../../../native/tasks/importTasks.js";
import { resolveDemoTasksFile } from "../../../native/tasks/resolveDemoTasksFile.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";

const job: JobContext = { signal: new AbortController().signal, progress: () => {} };
const model = { kind: "model" as const, path: "/models/base.gguf", loraAdapters: [] };

/** The demo set imported without the sandbox, its tasks then marked valid in the store (as validation would). */
async function demoStore(options: { markValid: boolean }) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tt-prepare-"));
  const taskStore = await TaskStore.open({ dataDir });
  await importTasks({ store: taskStore, runtime: async () => { throw new Error("no sandbox here"); }, format: "demo", setId: "demo", files: [resolveDemoTasksFile()], validate: false, job });
  if (options.markValid) {
    const tasks = await taskStore.views(["demo"]);
    await taskStore.appendValidations("demo", tasks.map((task) => ({
      taskId: task.id, contentHash: task.contentHash, status: "valid", reason: null, detail: null, referenceVerdict: "pass", buggyVerdict: "fail",
      failingTests: [0], failingCount: 1, testCount: 1, firstFailure: null, validatedAt: new Date().toISOString(),
    })));
  }
  return { dataDir, taskStore, store: new RunStore({ dataDir }) };
}

describe("round settings", () => {
  it("fill in every documented default and name the first bad field", () => {
    expect(resolveRoundSettings({ taskSetIds: ["demo"] })).toEqual({
      taskSetIds: ["demo"], k: 32, hardN: 32, hardM: 0.1, temperature: 0.8, traceFormat: "next", keptPerTask: 3, nearDuplicateThreshold: 0.9,
      minCheckScore: null, maxTasks: null, evalN: 8, fewShot: 1, maxTokens: 512, seed: 1, grammar: null,
    });
    expect(() => resolveRoundSettings({ taskSetIds: ["demo"], k: 0 })).toThrow(expect.objectContaining({ code: "invalid_input", details: { field: "k" } }));
    expect(() => resolveRoundSettings({ taskSetIds: ["demo"], hardM: 1.5 })).toThrow(expect.objectContaining({ details: { field: "hardM" } }));
    expect(() => resolveRoundSettings({ taskSetIds: [] })).toThrow(expect.objectContaining({ details: { field: "taskSetIds" } }));
    expect(findSettingMismatch(resolveRoundSettings({ taskSetIds: ["demo"] }), resolveRoundSettings({ taskSetIds: ["demo"], hardN: 16 }))).toEqual({ setting: "hardN", stored: 32, requested: 16 });
  });
});

describe("prepareRun", () => {
  it("creates a run from the training tasks, records a seeded shuffle for maxTasks, and resumes only with the same settings and model", async () => {
    const { taskStore, store } = await demoStore({ markValid: true });
    const args = { name: "r", taskSetIds: ["demo"], model, maxTasks: 5, seed: 9 };
    const { run, isNew } = await prepareRun({ store, taskStore, args, hasTrainer: false });
    expect(isNew).toBe(true);
    const train = (await taskStore.views(["demo"])).filter((task) => task.split === "train").map((task) => task.id);
    expect(run.tasks).toMatchObject({ candidates: train.length, shuffleSeed: 9 });
    expect(run.tasks.selected).toHaveLength(5);
    expect(run.tasks.selected.every((id) => train.includes(id))).toBe(true);
    expect((await store.readRun("r")).tasks.selected).toEqual(run.tasks.selected);

    expect((await prepareRun({ store, taskStore, args, hasTrainer: false })).isNew).toBe(false);
    await expect(prepareRun({ store, taskStore, args: { ...args, k: 8 }, hasTrainer: false })).rejects.toMatchObject({ code: "settings_mismatch", details: { setting: "k", stored: 32, requested: 8 } });
    await expect(prepareRun({ store, taskStore, args: { ...args, model: { ...model, path: "/models/other.gguf" } }, hasTrainer: false })).rejects.toMatchObject({ code: "settings_mismatch", details: { setting: "model" } });
    await expect(prepareRun({ store, taskStore, args: { ...args, rounds: 2 }, hasTrainer: false })).rejects.toMatchObject({ code: "trainer_required" });
    expect((await prepareRun({ store, taskStore, args: { ...args, rounds: 2 }, hasTrainer: true })).run.targetRounds).toBe(2);
  });

  it("takes only validated, uncontaminated training tasks: none valid is no_tasks", async () => {
    const { taskStore, store } = await demoStore({ markValid: false });
    await expect(prepareRun({ store, taskStore, args: { name: "r", taskSetIds: ["demo"], model }, hasTrainer: false })).rejects.toMatchObject({ code: "no_tasks" });
  });

  it("leaves out a training task that copies a dev/test task (selectTrainingTasks fails closed)", async () => {
    const { taskStore, store, dataDir } = await demoStore({ markValid: true });
    const testTask = (await taskStore.views(["demo"])).find((task) => task.split === "test")!;
    const file = path.join(dataDir, "mine.jsonl");
    const own = (id: string, buggyProgram: string, reference: string) => JSON.stringify({ id, description: "d", buggyProgram, reference, tests: ["assert f(1) == 2"], split: "train" });
    await writeFile(file, [own("copied", testTask.buggyProgram!, testTask.reference!), own("fresh", "def f(x):\n    return x\n", "def f(x):\n    return x + 1\n")].join("\n") + "\n");
    await importTasks({ store: taskStore, runtime: async () => { throw new Error("no sandbox"); }, format: "jsonl", setId: "mine", files: [file], validate: false, job });
    const mine = await taskStore.views(["mine"]);
    await taskStore.appendValidations("mine", mine.map((task) => ({ taskId: task.id, contentHash: task.contentHash, status: "valid" as const, reason: null, detail: null, referenceVerdict: "pass" as const, buggyVerdict: "fail" as const, failingTests: [0], failingCount: 1, testCount: 1, firstFailure: null, validatedAt: new Date().toISOString() })));
    const { run } = await prepareRun({ store, taskStore, args: { name: "m", taskSetIds: ["mine"], model }, hasTrainer: false });
    expect(run.tasks).toMatchObject({ candidates: 1, selected: ["mine/fresh"] });
  });
});

describe("prepareRun and the prompt's exemplars", () => {
  it("leaves out a training task that is a prompt exemplar, and records why", async () => {
    const { taskStore, store, dataDir } = await demoStore({ markValid: true });
    const [exemplar] = loadExemplars();
    const file = path.join(dataDir, "ex.jsonl");
    const own = (id: string, buggyProgram: string, reference: string) => JSON.stringify({ id, description: "d", buggyProgram, reference, tests: ["assert True"], split: "train" });
    await writeFile(file, [own("exemplar", exemplar.buggyProgram, exemplar.fixedProgram), own("fresh", "def f(x):\n    return x\n", "def f(x):\n    return x + 1\n")].join("\n") + "\n");
    await importTasks({ store: taskStore, runtime: async () => { throw new Error("no sandbox"); }, format: "jsonl", setId: "ex", files: [file], validate: false, job });
    const tasks = await taskStore.views(["ex"]);
    await taskStore.appendValidations("ex", tasks.map((task) => ({ taskId: task.id, contentHash: task.contentHash, status: "valid" as const, reason: null, detail: null, referenceVerdict: "pass" as const, buggyVerdict: "fail" as const, failingTests: [0], failingCount: 1, testCount: 1, firstFailure: null, validatedAt: new Date().toISOString() })));
    const { run } = await prepareRun({ store, taskStore, args: { name: "e", taskSetIds: ["ex"], model }, hasTrainer: false });
    expect(run.tasks.selected).toEqual(["ex/fresh"]);
    expect(run.tasks.leftOut).toEqual([{ taskId: "ex/exemplar", reason: expect.stringContaining(exemplar.id) }]);
  });
});

describe("checkReachable", () => {
  it("lets a run without a trainer reach round n + 1 only when that round's model was set after round n", async () => {
    const { taskStore, store, dataDir } = await demoStore({ markValid: true });
    const { run } = await prepareRun({ store, taskStore, args: { name: "r", taskSetIds: ["demo"], model }, hasTrainer: false });
    const done = { ...run, rounds: [{ round: 1, stage: "done" as const } as (typeof run.rounds)[number]] };
    await store.writeRun(done);
    expect(() => checkReachable(done, 1, false)).not.toThrow();
    expect(() => checkReachable(done, 2, false)).toThrow(expect.objectContaining({ code: "trainer_required" }));
    const afterSet = await setRunModel({ dataDir, run: "r", model: { kind: "model", path: "/models/round2.gguf", loraAdapters: ["/models/a.gguf"] } });
    expect(afterSet.modelHistory.at(-1)).toMatchObject({ afterRound: 1, by: "set-model" });
    expect(() => checkReachable(afterSet, 2, false)).not.toThrow();
    expect(() => checkReachable(afterSet, 3, false)).toThrow(expect.objectContaining({ code: "trainer_required" }));
  });
});
