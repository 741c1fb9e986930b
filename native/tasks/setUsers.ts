import type { TaskSetUse } from "../api/tasksApi.js";

/**
 * What a feature that keeps work on tasks (rounds, evaluations) tells the tasks feature: which of its runs use
 * a set, or one task of it. Asked before a set or task is deleted; a use found refuses the delete unless forced.
 */
export type TaskSetUserLookup = (query: {
  /** The data dir the tasks live in: a lookup answers for its own stores in that dir only. */
  dataDir: string;
  setId: string;
  /** When only one task is being deleted: its id. */
  taskId?: string;
}) => TaskSetUse[] | Promise<TaskSetUse[]>;

const lookups = new Map<string, TaskSetUserLookup>();

/**
 * Registers a feature's lookup under a name ("rounds", "evaluation"); registering the same name again replaces
 * it. Returns a function that unregisters it (call it from the feature's dispose).
 */
export function registerTaskSetUser(name: string, lookup: TaskSetUserLookup): () => void {
  lookups.set(name, lookup);
  return () => {
    if (lookups.get(name) === lookup) lookups.delete(name);
  };
}

/** Every registered feature's uses of a set (or one of its tasks), in registration order. */
export async function findTaskSetUsers(query: { dataDir: string; setId: string; taskId?: string }): Promise<TaskSetUse[]> {
  const found: TaskSetUse[] = [];
  for (const lookup of lookups.values()) found.push(...(await lookup(query)));
  return found;
}
