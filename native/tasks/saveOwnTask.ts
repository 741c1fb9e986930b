import type { OwnTaskInput } from "../api/tasksApi.js";
import type { RepairTask, TaskView } from "../api/taskTypes.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { assignSplit } from "./common/assignSplit.js";
import { hashTaskContent } from "./hashTaskContent.js";
import { parseOwnTask } from "./importers/parseOwnTask.js";
import { RecordProblem } from "./importers/TaskDraft.js";
import type { TaskStore } from "./TaskStore.js";
import type { PythonRunner } from "./validation/PythonRunner.js";
import { validateTask } from "./validation/validateTask.js";

/** Creates or replaces one own task (the Tasks page editor, the debugger) and validates it at once. */
export async function saveOwnTask(options: { store: TaskStore; runtime: () => Promise<PythonRunner>; task: OwnTaskInput; setId?: string }): Promise<TaskView> {
  const { store, task: input, setId = "own" } = options;
  let draft;
  try {
    draft = parseOwnTask(input, { format: "jsonl" });
  } catch (error) {
    if (error instanceof RecordProblem) throw new InvalidInputError(`Cannot save task: ${error.message}.`, { field: "task" });
    throw error;
  }
  const set = await store.ensureSet({ id: setId, name: setId, format: "jsonl", licence: "user", files: [] });
  const id = `${setId}/${draft.provenance.sourceId}`;
  const previous = (await store.tasksOf(setId)).get(id);
  const contentHash = hashTaskContent(draft);
  const task: RepairTask = {
    ...draft, id, setId, contentHash, importedAt: new Date().toISOString(),
    // Frozen: an edited task keeps its split, as a re-imported one does.
    split: previous?.split ?? draft.split ?? assignSplit({ seed: set.splitSeed, sourceId: draft.provenance.sourceId }),
    provenance: { ...draft.provenance, file: "editor" },
  };
  if (previous?.contentHash !== contentHash || previous.split !== task.split) await store.appendTasks(setId, [task]);
  const current = await store.getTask(id);
  if (!current.validation) await store.appendValidations(setId, [await validateTask({ runtime: await options.runtime(), task: current })]);
  await store.refreshCounts(setId);
  return store.getTask(id);
}
