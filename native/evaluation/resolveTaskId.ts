import type { TaskView } from "../api/taskTypes.js";

/**
 * Finds the task a samples file's `task_id` names: the store id ("demo/clamp"), else the task's source id
 * ("HumanEval/12", "511"), else, when exactly one task's source id ends in the same "/<number>", that task
 * (EvalPlus writes "HumanEval/12" and "Mbpp/511" where HumanEvalFix says "Python/12" and MBPP "511").
 */
export function createTaskResolver(tasks: TaskView[]): (taskId: string) => TaskView | null {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const bySourceId = new Map(tasks.map((task) => [task.provenance.sourceId, task]));
  const byNumber = new Map<string, TaskView | null>();
  for (const task of tasks) {
    const number = trailingNumber(task.provenance.sourceId);
    if (number !== null) byNumber.set(number, byNumber.has(number) ? null : task);
  }
  return (taskId) => {
    const direct = byId.get(taskId) ?? bySourceId.get(taskId);
    if (direct) return direct;
    const number = trailingNumber(taskId);
    return number === null ? null : (byNumber.get(number) ?? null);
  };
}

function trailingNumber(id: string): string | null {
  const match = /(?:^|\/)(\d+)$/.exec(id);
  return match ? String(Number(match[1])) : null;
}
