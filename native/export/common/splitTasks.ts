/** The per-run record of each task's split; once a task is placed it never moves (frozen across exports). */
export interface FrozenSplit {
  ratio: number;
  assignments: Record<string, "train" | "valid">;
}

/** FNV-1a then murmur3's finaliser over the task id: a stable uniform number in [0, 1) per task. */
export function taskUnit(taskId: string): number {
  let hash = 0x811c9dc5;
  for (const char of `export-split:${taskId}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * Places tasks in train or valid, by task, never by sample. Tasks already in `frozen` keep their place; the new
 * tasks with the smallest hashes fill valid up to round(ratio × tasks) (at least one when there are two or more,
 * never every task), the rest go to train. A quota, not `unit < ratio` per task: on a few dozen ids as alike as a
 * generated family's (`toy/toy/name_N`) the per-task test put 10 of 45 in valid where 10 % was asked, which takes
 * a fifth of a small round's rows from training. Only new tasks are ever placed, so an export never moves a task
 * between splits; the same ids give the same split on every machine.
 */
export function splitTasks(options: { taskIds: readonly string[]; ratio: number; frozen?: FrozenSplit | null }): FrozenSplit {
  const { ratio, frozen } = options;
  const assignments: Record<string, "train" | "valid"> = { ...(frozen?.assignments ?? {}) };
  const taskIds = [...new Set(options.taskIds)].sort();
  const fresh = taskIds.filter((id) => assignments[id] === undefined).sort((a, b) => taskUnit(a) - taskUnit(b) || a.localeCompare(b));
  const wanted = taskIds.length >= 2 ? Math.min(taskIds.length - 1, Math.max(1, Math.round(ratio * taskIds.length))) : 0;
  let valid = taskIds.filter((id) => assignments[id] === "valid").length;
  for (const id of fresh) {
    const toValid = valid < wanted;
    assignments[id] = toValid ? "valid" : "train";
    if (toValid) valid += 1;
  }
  return { ratio: frozen?.ratio ?? ratio, assignments };
}
