import type { ContaminationReport, TaskView } from "../api/taskTypes.js";
import { TracetuneError } from "../common/TracetuneError.js";
import { defaultNearDuplicateThreshold, findContamination } from "./contamination/findContamination.js";
import type { TaskStore } from "./TaskStore.js";

export class ContaminatedTaskError extends TracetuneError {
  constructor(taskIds: string[]) {
    super("contaminated_task", `${taskIds.length} training task(s) duplicate a dev/test task (${taskIds.slice(0, 5).join(", ")}${taskIds.length > 5 ? ", …" : ""}); pass allowContaminated to train on them anyway.`, { taskIds });
  }
}

export class ContaminationUncheckedError extends TracetuneError {
  constructor(taskIds: string[], cause: unknown) {
    super("contamination_unchecked", `${taskIds.length} training task(s) could not be checked against the dev/test tasks (${taskIds.slice(0, 5).join(", ")}${taskIds.length > 5 ? ", …" : ""}): ${cause instanceof Error ? cause.message : String(cause)}`, { taskIds });
  }
}

/**
 * The tasks a self-training round may train on: split "train", validated valid (invalid and pending ones are
 * left out by default), and not a near-duplicate of a dev/test task. Fails closed (issue 16): the stored
 * contamination report answers only for the tasks it covered (their set was checked, and they were imported
 * before the check); every other candidate is checked here against every dev/test task of the store, which
 * takes seconds for thousands of programs. Asking for a contaminated task by id throws `contaminated_task`
 * unless `allowContaminated` is set; a check that cannot run throws `contamination_unchecked`, naming the tasks.
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
  let tasks = (await store.views(setIds)).filter((task) => task.split === "train" && (includeInvalid || task.validation?.status === "valid"));
  if (taskIds) {
    const wanted = new Set(taskIds);
    tasks = tasks.filter((task) => wanted.has(task.id));
  }
  const contaminated = allowContaminated ? new Set<string>() : await contaminatedAmong(store, tasks);
  if (taskIds) {
    const refused = tasks.filter((task) => contaminated.has(task.id)).map((task) => task.id);
    if (refused.length > 0 && !allowContaminated) throw new ContaminatedTaskError(refused);
    return tasks;
  }
  return allowContaminated ? tasks : tasks.filter((task) => !contaminated.has(task.id));
}

/** The ids among `tasks` that duplicate a dev/test task: from the stored report where it covers them, else checked now. */
async function contaminatedAmong(store: TaskStore, tasks: TaskView[]): Promise<Set<string>> {
  const report = store.contamination;
  const contaminated = new Set(report?.contaminatedTaskIds ?? []);
  const unchecked = tasks.filter((task) => !isCovered(report, task));
  if (unchecked.length === 0) return contaminated;
  try {
    const evaluation = (await store.views()).filter((task) => task.split === "dev" || task.split === "test");
    const found = findContamination({ train: unchecked, evaluation, threshold: report?.threshold ?? defaultNearDuplicateThreshold });
    for (const id of found.contaminatedTaskIds) contaminated.add(id);
  } catch (error) {
    throw new ContaminationUncheckedError(unchecked.map((task) => task.id), error);
  }
  return contaminated;
}

function isCovered(report: ContaminationReport | null, task: TaskView): boolean {
  return report !== null && report.trainSetIds.includes(task.setId) && report.checkedAt !== "" && task.importedAt !== "" && task.importedAt <= report.checkedAt;
}
