// Issue 16: training-task selection fails closed. The stored contamination report answers only for the tasks it
// covered; a store with no report, or tasks imported after it, is checked by the selection itself, so a renamed
// copy of a test task never reaches a training round.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RepairTask, TaskValidation } from "../../../native/api/taskTypes.js";
import { hashTaskContent } from "../../../native/tasks/hashTaskContent.js";
import { selectTrainingTasks } from "../../../native/tasks/selectTrainingTasks.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";

const maxOf = "def f(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best\n";
const renamedCopy = "def g(values):\n    m = values[0]\n    for v in values:\n        if v > m:\n            m = v\n    return m\n";
const unrelated = "def f(s):\n    return s[::-1].upper()\n";

function task(setId: string, sourceId: string, split: RepairTask["split"], program: string, importedAt: string): RepairTask {
  const content = { kind: "repair" as const, description: "", prompt: null, buggyProgram: program, reference: null, entryPoint: "f", tests: { kind: "asserts" as const, setup: "", asserts: ["assert f([1]) == 1"] }, bugType: null };
  return { ...content, id: `${setId}/${sourceId}`, setId, split, contentHash: hashTaskContent(content), importedAt, provenance: { format: "jsonl", file: "", sourceId, licence: "user" } };
}

function valid(t: RepairTask): TaskValidation {
  return { taskId: t.id, contentHash: t.contentHash, status: "valid", reason: null, detail: null, referenceVerdict: null, buggyVerdict: "fail", failingTests: [0], failingCount: 1, testCount: 1, firstFailure: null, validatedAt: "" };
}

async function storeWith(tasks: RepairTask[]): Promise<TaskStore> {
  const store = await TaskStore.open({ dataDir: await mkdtemp(path.join(tmpdir(), "tt-failclosed-")) });
  for (const setId of new Set(tasks.map((t) => t.setId))) {
    await store.ensureSet({ id: setId, name: setId, format: "jsonl", licence: "user", files: [] });
    const own = tasks.filter((t) => t.setId === setId);
    await store.appendTasks(setId, own);
    await store.appendValidations(setId, own.map(valid));
  }
  return store;
}

describe("selectTrainingTasks fails closed", () => {
  it("with no contamination report, checks the candidates itself: a renamed copy of a test task is left out", async () => {
    const store = await storeWith([task("bench", "max", "test", maxOf, "2026-01-01T00:00:00Z"), task("own", "copy", "train", renamedCopy, "2026-01-02T00:00:00Z"), task("own", "clean", "train", unrelated, "2026-01-02T00:00:00Z")]);
    expect(store.contamination).toBeNull();
    expect((await selectTrainingTasks({ store, setIds: ["own"] })).map((t) => t.id)).toEqual(["own/clean"]);
    await expect(selectTrainingTasks({ store, setIds: ["own"], taskIds: ["own/copy"] })).rejects.toMatchObject({ code: "contaminated_task", details: { taskIds: ["own/copy"] } });
    expect((await selectTrainingTasks({ store, setIds: ["own"], allowContaminated: true })).map((t) => t.id)).toEqual(["own/copy", "own/clean"]);
  });

  it("a task imported after the stored report is checked, though the report (from before it) found nothing", async () => {
    const store = await storeWith([task("bench", "max", "test", maxOf, "2026-01-01T00:00:00Z"), task("own", "clean", "train", unrelated, "2026-01-02T00:00:00Z")]);
    await store.saveContamination({ trainSetIds: ["own"], evalSetIds: ["bench"], threshold: 0.9, comparedPairs: 1, pairs: [], contaminatedTaskIds: [], checkedAt: "2026-01-03T00:00:00Z" });
    await store.appendTasks("own", [task("own", "late", "train", renamedCopy, "2026-01-04T00:00:00Z")]);
    await store.appendValidations("own", [valid(task("own", "late", "train", renamedCopy, "2026-01-04T00:00:00Z"))]);
    expect((await selectTrainingTasks({ store, setIds: ["own"] })).map((t) => t.id)).toEqual(["own/clean"]);
  });
});
