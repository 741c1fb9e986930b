import type { ImportReport, TaskValidation } from "../api/taskTypes.js";
import type { JobContext } from "../common/jobs.js";
import type { TaskStore } from "./TaskStore.js";
import type { PythonRunner } from "./validation/PythonRunner.js";
import { validateTask } from "./validation/validateTask.js";

/**
 * Validates a set's tasks (all, or only those without a current validation) and appends the results.
 * Runs `concurrency` tasks at a time (default 2: the sandbox pool has one interpreter per core here);
 * results are appended every few tasks, so a cancelled run keeps what it finished and a rerun with
 * `onlyPending` resumes.
 */
export async function validateTasks(options: {
  store: TaskStore;
  runtime: PythonRunner;
  setId: string;
  /** Default: false. */
  onlyPending?: boolean;
  /** Default: 2. */
  concurrency?: number;
  job: JobContext;
}): Promise<{ validated: number; valid: number; invalid: ImportReport["invalid"] }> {
  const { store, runtime, setId, onlyPending = false, concurrency = 2, job } = options;
  store.getSet(setId);
  const views = await store.views([setId]);
  const todo = views.filter((view) => !onlyPending || view.validation === null);
  job.progress(0, todo.length);
  const results: TaskValidation[] = [];
  const buffer: TaskValidation[] = [];
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      job.signal.throwIfAborted();
      const task = todo[next++];
      const validation = await validateTask({ runtime, task, signal: job.signal });
      results.push(validation);
      buffer.push(validation);
      if (buffer.length >= 10) await store.appendValidations(setId, buffer.splice(0));
      job.progress(results.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  } finally {
    await store.appendValidations(setId, buffer.splice(0));
    await store.refreshCounts(setId);
  }
  const invalid = results.filter((r) => r.status === "invalid").map((r) => ({ taskId: r.taskId, reason: r.reason!, detail: r.detail }));
  return { validated: results.length, valid: results.length - invalid.length, invalid };
}
