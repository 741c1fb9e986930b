import type { TaskView } from "../../../native/api/taskTypes.js";
import type { PythonRuntime } from "../../../native/python/PythonRuntime.js";
import { findContamination } from "../../../native/tasks/contamination/findContamination.js";
import type { ToyTask } from "./toyRepairFamily.js";

/** A toy task with its tests: asserts on the reference's own results, computed in the sandbox. */
export interface CheckedToyTask extends ToyTask {
  tests: string[];
}

/** Fewest candidate edits a kept task offers (the issue asks for at least four per bug). */
export const MIN_CANDIDATES = 4;

/**
 * Turns each task's calls into asserts on the reference's results (run in the real sandbox), then runs the
 * buggy program and every candidate against them: a task is kept only when the bug fails, the correct edit
 * passes, and at least MIN_CANDIDATES - 1 wrong edits fail (a wrong edit that happens to pass is dropped from
 * the candidates, so no task has two right answers). Returns the kept tasks and how many were dropped.
 */
export async function checkToyTasks(options: { runtime: PythonRuntime; tasks: ToyTask[] }): Promise<{ tasks: CheckedToyTask[]; dropped: string[] }> {
  const { runtime, tasks } = options;
  const kept: CheckedToyTask[] = [];
  const dropped: string[] = [];
  for (const task of tasks) {
    const printing = `${task.reference}\n${task.calls.map((call) => `print(repr(${task.entryPoint}(${call})))`).join("\n")}\n`;
    const run = await runtime.run({ program: printing });
    if (run.verdict !== "pass") throw new Error(`toy task ${task.id}: the reference does not run (${run.verdict}: ${run.error?.message ?? run.stderr})`);
    const results = run.stdout.trimEnd().split("\n");
    const tests = task.calls.map((call, index) => `assert ${task.entryPoint}(${call}) == ${results[index]}`);
    const verdictOf = async (program: string) => (await runtime.exec({ program, tests: tests.join("\n"), testKind: "asserts", entryPoint: task.entryPoint })).verdict;
    if ((await verdictOf(task.buggyProgram)) === "pass") {
      dropped.push(`${task.id}: the bug passes`);
      continue;
    }
    const candidates: ToyTask["candidates"] = [];
    for (const candidate of task.candidates) {
      const passes = (await verdictOf(candidate.program)) === "pass";
      if (passes !== candidate.isCorrect && candidate.isCorrect) throw new Error(`toy task ${task.id}: the correct edit fails its own tests`);
      if (passes === candidate.isCorrect) candidates.push(candidate);
    }
    if (candidates.length < MIN_CANDIDATES) {
      dropped.push(`${task.id}: only ${candidates.length} candidate edits left`);
      continue;
    }
    kept.push({ ...task, candidates, tests });
  }
  return { tasks: kept, dropped };
}

/** The tasks as our own JSONL task format (docs/tasks.md), for `importTasks` with format "jsonl". */
export function toyTasksJsonl(tasks: CheckedToyTask[]): string {
  return tasks.map((task) => JSON.stringify({
    id: task.id, entryPoint: task.entryPoint, split: task.split, bugType: task.bugType, description: task.description,
    buggyProgram: task.buggyProgram, reference: task.reference, tests: task.tests,
  })).join("\n") + "\n";
}

/**
 * The tasks without the training tasks that the app's own contamination check (normalised code: names renamed,
 * numbers kept; exact or near duplicates at the default threshold) pairs with a dev task, so no dev function
 * is a training function by the measure rounds use. Returns the tasks kept and the ids dropped.
 */
export function dropDevTwins(tasks: CheckedToyTask[]): { tasks: CheckedToyTask[]; dropped: string[] } {
  const view = (task: CheckedToyTask) => ({ id: task.id, buggyProgram: task.buggyProgram, reference: task.reference }) as TaskView;
  const report = findContamination({ train: tasks.filter((task) => task.split === "train").map(view), evaluation: tasks.filter((task) => task.split === "dev").map(view) });
  const dropped = new Set(report.contaminatedTaskIds);
  return { tasks: tasks.filter((task) => !dropped.has(task.id)), dropped: [...dropped] };
}
