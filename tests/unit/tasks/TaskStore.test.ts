import { appendFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RepairTask, TaskValidation } from "../../../native/api/taskTypes.js";
import { hashTaskContent } from "../../../native/tasks/hashTaskContent.js";
import { selectEvaluationTasks } from "../../../native/tasks/selectEvaluationTasks.js";
import { selectTrainingTasks } from "../../../native/tasks/selectTrainingTasks.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";

function task(setId: string, sourceId: string, split: RepairTask["split"], body = "return x"): RepairTask {
  const content = { kind: "repair" as const, description: "", prompt: null, buggyProgram: `def f(x):\n    ${body}\n`, reference: null, entryPoint: "f", tests: { kind: "asserts" as const, setup: "", asserts: ["assert f(1) == 2"] }, bugType: null };
  return { ...content, id: `${setId}/${sourceId}`, setId, split, contentHash: hashTaskContent(content), importedAt: "", provenance: { format: "jsonl", file: "", sourceId, licence: "user" } };
}

function valid(t: RepairTask): TaskValidation {
  return { taskId: t.id, contentHash: t.contentHash, status: "valid", reason: null, detail: null, referenceVerdict: null, buggyVerdict: "fail", failingTests: [0], failingCount: 1, testCount: 1, firstFailure: null, validatedAt: "" };
}

describe("TaskStore", () => {
  it("keeps the last version of a task, and an edit makes its old validation stale (pending)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-store-"));
    const store = await TaskStore.open({ dataDir: dir });
    await store.ensureSet({ id: "own", name: "own", format: "jsonl", licence: "user", files: [] });
    const first = task("own", "a", "train");
    await store.appendTasks("own", [first]);
    await store.appendValidations("own", [valid(first)]);
    expect((await store.refreshCounts("own")).byStatus).toEqual({ valid: 1, invalid: 0, pending: 0 });
    const edited = task("own", "a", "train", "return x + 0");
    await store.appendTasks("own", [edited]);
    expect((await store.refreshCounts("own")).byStatus).toEqual({ valid: 0, invalid: 0, pending: 1 });

    // A fresh process reads the same state from the files, skipping a torn last line.
    await appendFile(path.join(dir, "tasks", "own", "tasks.jsonl"), '{"id": "own/torn", "setI');
    const reopened = await TaskStore.open({ dataDir: dir });
    const views = await reopened.views(["own"]);
    expect(views.map((v) => [v.id, v.buggyProgram, v.validation])).toEqual([["own/a", edited.buggyProgram, null]]);
    expect(reopened.getSet("own").splitSeed).toBe(1);
  });

  it("reports each bad line by file and line, serves the rest, and repair moves the bad lines aside", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-store-"));
    const store = await TaskStore.open({ dataDir: dir });
    await store.ensureSet({ id: "own", name: "own", format: "jsonl", licence: "user", files: [] });
    const [a, b] = [task("own", "a", "train"), task("own", "b", "dev", "return 2")];
    const file = path.join(dir, "tasks", "own", "tasks.jsonl");
    await mkdir(path.dirname(file), { recursive: true });
    const lines = [JSON.stringify(a), "{not json", '{"id": 3}', "[1, 2]", JSON.stringify(b), '{"id": "own/torn", "setI'];
    await writeFile(file, lines.join("\n"));
    const validationFile = path.join(dir, "tasks", "own", "validation.jsonl");
    await writeFile(validationFile, JSON.stringify(valid(a)) + '\n"just a string"\n');

    const reopened = await TaskStore.open({ dataDir: dir });
    expect((await reopened.views(["own"])).map((v) => [v.id, v.validation?.status ?? null])).toEqual([["own/a", "valid"], ["own/b", null]]);
    const problems = await reopened.problemsOf("own");
    expect(problems.map((p) => [p.file, p.line])).toEqual([[file, 2], [file, 3], [file, 4], [file, 6], [validationFile, 2]]);
    expect(problems[0].reason).toContain("not valid JSON");
    expect(problems[1].reason).toContain("not a record");
    expect(problems[3].reason).toContain("torn last line");

    // An append after the torn line starts a new line, so neither the new record nor the old ones are lost.
    const c = task("own", "c", "test", "return 3");
    await reopened.appendTasks("own", [c]);
    const again = await TaskStore.open({ dataDir: dir });
    expect((await again.views(["own"])).map((v) => v.id)).toEqual(["own/a", "own/b", "own/c"]);

    const repair = await again.repairSet("own", { now: new Date("2026-11-25T12:00:00.000Z") });
    expect(repair.rejected.map((p) => p.line)).toEqual([2, 3, 4, 6, 2]);
    expect(repair.rejectedFiles).toEqual([`${file}.rejected-2026-11-25T12-00-00Z`, `${validationFile}.rejected-2026-11-25T12-00-00Z`]);
    expect(repair.problemsLeft).toEqual([]);
    expect(await readFile(repair.rejectedFiles[0], "utf8")).toBe(["{not json", '{"id": 3}', "[1, 2]", '{"id": "own/torn", "setI'].join("\n") + "\n");
    // a and b were written by the test as they were before schema versions; c by the store, with its version.
    expect(await readFile(file, "utf8")).toBe([a, b, { schemaVersion: 1, ...c }].map((t) => JSON.stringify(t) + "\n").join(""));
    expect((await readdir(path.join(dir, "tasks", "own"))).filter((name) => name.includes(".tmp-"))).toEqual([]);
    const repaired = await TaskStore.open({ dataDir: dir });
    expect(await repaired.problemsOf("own")).toEqual([]);
    expect((await repaired.views(["own"])).map((v) => v.id)).toEqual(["own/a", "own/b", "own/c"]);
    expect(repaired.getSet("own").count).toBe(3);
    // Nothing left to repair: nothing is written.
    expect(await repaired.repairSet("own")).toMatchObject({ rejected: [], rejectedFiles: [] });
  });

  it("refuses a corrupt index naming the file, and a bad set id naming the field", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-store-"));
    const store = await TaskStore.open({ dataDir: dir });
    await expect(store.ensureSet({ id: "Bad Id", name: "", format: "jsonl", licence: "", files: [] })).rejects.toMatchObject({ code: "invalid_input", details: { field: "setId" } });
    await writeFile(path.join(dir, "tasks", "index.json"), "{nope");
    await expect(TaskStore.open({ dataDir: dir })).rejects.toMatchObject({ code: "corrupt_store", message: expect.stringContaining(path.join(dir, "tasks", "index.json")) });
  });
});

describe("selectTrainingTasks", () => {
  it("leaves out invalid, pending, non-train and contaminated tasks; asking for a contaminated one by id throws", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-select-"));
    const store = await TaskStore.open({ dataDir: dir });
    await store.ensureSet({ id: "own", name: "own", format: "jsonl", licence: "user", files: [] });
    const [clean, leaked, pending, dev] = [task("own", "clean", "train"), task("own", "leaked", "train", "return 1"), task("own", "pending", "train", "return 2"), task("own", "dev", "dev", "return 3")];
    await store.appendTasks("own", [clean, leaked, pending, dev]);
    await store.appendValidations("own", [valid(clean), valid(leaked), valid(dev)]);
    await store.saveContamination({ trainSetIds: ["own"], evalSetIds: ["bench"], threshold: 0.9, comparedPairs: 1, pairs: [{ trainTaskId: leaked.id, evalTaskId: "bench/x", similarity: 1, kind: "exact", fields: "buggyProgram=reference" }], contaminatedTaskIds: [leaked.id], checkedAt: "" });
    expect((await selectTrainingTasks({ store, setIds: ["own"] })).map((t) => t.id)).toEqual(["own/clean"]);
    expect((await selectTrainingTasks({ store, setIds: ["own"], allowContaminated: true })).map((t) => t.id)).toEqual(["own/clean", "own/leaked"]);
    await expect(selectTrainingTasks({ store, setIds: ["own"], taskIds: [leaked.id] })).rejects.toMatchObject({ code: "contaminated_task", details: { taskIds: [leaked.id] } });
    expect((await selectEvaluationTasks({ store, setIds: ["own"] })).map((t) => t.id)).toEqual(["own/dev"]);
    const devInvalid = { ...valid(dev), status: "invalid" as const, reason: "buggy_passes" as const };
    await store.appendValidations("own", [devInvalid]);
    expect(await selectEvaluationTasks({ store, setIds: ["own"] })).toEqual([]);
    expect((await selectEvaluationTasks({ store, setIds: ["own"], includeInvalid: true })).map((t) => t.id)).toEqual(["own/dev"]);
  });
});
