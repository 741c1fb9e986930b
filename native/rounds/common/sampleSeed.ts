import { createHash } from "node:crypto";

/**
 * Seeds leave room for k consecutive samples of a task: sample i of a task gets `taskSeed + i`, so the
 * backends' own rule (completion i of a batch uses `seed + i`) draws any tail of a task's samples, e.g. after
 * a resume, with exactly the seeds the uninterrupted round would have used.
 */
const TASK_SEED_RANGE = 2 ** 30;

/** The base seed of a task in a round: a hash of the run seed, the round and the task id, below 2^30. */
export function taskSeed(options: { runSeed: number; round: number; taskId: string }): number {
  const { runSeed, round, taskId } = options;
  const digest = createHash("sha256").update(`${runSeed}\u0000${round}\u0000${taskId}`).digest();
  return digest.readUInt32BE(0) % TASK_SEED_RANGE;
}

/** f(runSeed, round, task, index): the seed of sample `sampleIndex` of a task in a round. */
export function sampleSeed(options: { runSeed: number; round: number; taskId: string; sampleIndex: number }): number {
  return taskSeed(options) + options.sampleIndex;
}
