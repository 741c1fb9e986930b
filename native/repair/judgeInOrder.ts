/**
 * Runs `judge` on the items with up to `window` in flight and yields the results in item order. The sandbox
 * pool runs several interpreters, so k fixes are verified side by side instead of one after another, while
 * samples still arrive in index order. Stops starting new work once `signal` aborts; a result still in flight
 * when the caller stops iterating is awaited quietly (its rejection is not left unhandled).
 */
export async function* judgeInOrder<T, R>(options: { items: readonly T[]; judge: (item: T) => Promise<R>; window: number; signal?: AbortSignal }): AsyncGenerator<R, void, undefined> {
  const { items, judge, window, signal } = options;
  const inFlight: Array<Promise<R>> = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && inFlight.length < window && !signal?.aborted) {
      const running = judge(items[next++]!);
      running.catch(() => {});
      inFlight.push(running);
    }
  };
  try {
    fill();
    while (inFlight.length > 0) {
      const result = await inFlight[0]!;
      inFlight.shift();
      if (signal?.aborted) return;
      yield result;
      fill();
    }
  } finally {
    await Promise.allSettled(inFlight);
  }
}
