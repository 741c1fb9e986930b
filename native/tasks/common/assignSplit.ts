import type { TaskSplit } from "../../api/taskTypes.js";

/** Default proportions for sets without an official split: 80 % train, 10 % dev, 10 % test. */
export const defaultSplitRatios = { train: 0.8, dev: 0.1 } as const;

/**
 * A frozen split from the set's recorded seed and the task's source id: a pure function of the two, so the
 * same task lands in the same split on every machine and every re-import, and adding tasks never moves
 * existing ones (no reshuffle). FNV-1a over "seed:sourceId", then murmur3's finaliser, gives the bucket.
 */
export function assignSplit(options: { seed: number; sourceId: string; ratios?: { train: number; dev: number } }): TaskSplit {
  const { seed, sourceId, ratios = defaultSplitRatios } = options;
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${sourceId}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // murmur3's finaliser: FNV alone leaves sequential ids ("t-1", "t-2", …) correlated in the high bits.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  hash = (hash ^ (hash >>> 16)) >>> 0;
  const unit = hash / 2 ** 32;
  if (unit < ratios.train) return "train";
  if (unit < ratios.train + ratios.dev) return "dev";
  return "test";
}

/**
 * MBPP's official split as the project uses it (Austin et al. 2021): 1-10 few-shot prompts, 11-510 test,
 * 511-1000 train. The upstream README calls 511-600 "validation"; we train on them, as NExT-style training
 * sets do, and take dev tasks from elsewhere (docs/tasks.md).
 */
export function mbppSplit(taskId: number): TaskSplit {
  if (taskId <= 10) return "prompt";
  if (taskId <= 510) return "test";
  return "train";
}
