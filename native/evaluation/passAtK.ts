/**
 * pass@k with the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on
 * Code", section 2.1): for a task with n samples of which c pass, 1 - C(n-c, k) / C(n, k). Computed in the
 * paper's numerically stable product form, 1 - prod_{i=n-c+1}^{n} (1 - k/i), which never forms the binomials
 * (C(200, 100) alone is ~9e58). Undefined for k > n: callers list such tasks in `refusedK` instead.
 */
export function passAtK(options: { n: number; c: number; k: number }): number {
  const { n, c, k } = options;
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 0 || c < 0 || c > n || k < 1) {
    throw new RangeError(`pass@k needs integers 0 <= c <= n and k >= 1 (got n=${n}, c=${c}, k=${k}).`);
  }
  if (k > n) throw new RangeError(`pass@${k} is undefined with only ${n} sample(s).`);
  // Fewer failures than k: every draw of k holds a pass.
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i += 1) allFail *= 1 - k / i;
  return 1 - allFail;
}

export interface TaskCounts {
  taskId: string;
  n: number;
  c: number;
}

/** A k that some tasks could not be scored at, with those tasks (their n is below k). */
export interface RefusedK {
  k: number;
  taskIds: string[];
}

/**
 * pass@k averaged over tasks, as fractions keyed by k ("1", "5"). For each k, tasks with n < k are left out
 * of that k's average and listed in `refusedK`; a k no task can be scored at is null, never dropped.
 */
export function averagePassAtK(options: { tasks: TaskCounts[]; ks: number[] }): { passAtK: Record<string, number | null>; refusedK: RefusedK[] } {
  const { tasks, ks } = options;
  const passAtKs: Record<string, number | null> = {};
  const refusedK: RefusedK[] = [];
  for (const k of ks) {
    const scored = tasks.filter((task) => task.n >= k);
    const refused = tasks.filter((task) => task.n < k).map((task) => task.taskId);
    if (refused.length > 0) refusedK.push({ k, taskIds: refused });
    passAtKs[String(k)] = scored.length === 0 ? null : scored.reduce((sum, task) => sum + passAtK({ n: task.n, c: task.c, k }), 0) / scored.length;
  }
  return { passAtK: passAtKs, refusedK };
}
