import type { TaskView } from "../api/taskTypes.js";
import { TracetuneError } from "../common/TracetuneError.js";
import type { TaskStore } from "./TaskStore.js";

export class ContaminatedTaskError extends TracetuneError {
  constructor(taskIds: string[]) {
    super("contaminated_task", `${taskIds.length} training task(s) duplicate a dev/test task (${taskIds.slice(0, 5).join(", ")}${taskIds.length > 5 ? ", …" : ""}); pass allowContaminated to train on them anyway.`, { taskIds });
  }
}

/**
 * The tasks a self-training round may train on: split "train", validated valid (invalid and pending ones are
 * left out by default), and not in the latest contamination report's list. Asking for a contaminated task
 * by id throws `contaminated_task` unless `allowContaminated` is set.
 */
export async function selectTrainingTasks(options: {
  store: TaskStore;
  setIds: string[];
  /** Restrict to these task ids. Default: every training task of the sets. */
  taskIds?: string[];
  /** Default: false. */
  allowContaminated?: boolean;
  /** Default: false. */
  includeInvalid?: boolean;
}): Promise<TaskView[]> {
  const { store, setIds, taskIds, allowContaminated = false, includeInvalid = false } = options;
  const contaminated = new Set(store.contamination?.contaminatedTaskIds ?? []);
  let tasks = (await store.views(setIds)).filter((task) => task.split === "train" && (includeInvalid || task.validation?.status === "valid"));
  if (taskIds) {
    const wanted = new Set(taskIds);
    tasks = tasks.filter((task) => wanted.has(task.id));
    const refused = tasks.filter((task) => contaminated.has(task.id)).map((task) => task.id);
    if (refused.length > 0 && !allowContaminated) throw new ContaminatedTaskError(refused);
    return tasks;
  }
  return allowContaminated ? tasks : tasks.filter((task) => !contaminated.has(task.id));
}
