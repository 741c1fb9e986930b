import type { TaskSplit, TaskView } from "../api/taskTypes.js";
import type { TaskStore } from "./TaskStore.js";

/**
 * The tasks an evaluation runs on: repair tasks of the given splits (default dev and test) that validated
 * valid. Invalid and pending tasks are left out unless `includeInvalid` is set, so a broken reference or a
 * buggy program that already passes never counts for or against a model.
 */
export async function selectEvaluationTasks(options: {
  store: TaskStore;
  setIds: string[];
  /** Default: ["dev", "test"]. */
  splits?: TaskSplit[];
  /** Default: false. */
  includeInvalid?: boolean;
}): Promise<TaskView[]> {
  const { store, setIds, splits = ["dev", "test"], includeInvalid = false } = options;
  return (await store.views(setIds)).filter((task) => task.kind === "repair" && splits.includes(task.split) && (includeInvalid || task.validation?.status === "valid"));
}
