/**
 * The hard set: tasks whose pass@1, estimated as c/n from n samples (the unbiased estimator's value at k = 1),
 * is below `hardM`. Tasks with no samples (n = 0) are left out: nothing says they are hard.
 */
export function pickHardTasks(options: { tasks: ReadonlyArray<{ taskId: string; n: number; c: number }>; hardM: number }): string[] {
  return options.tasks.filter((task) => task.n > 0 && task.c / task.n < options.hardM).map((task) => task.taskId);
}
