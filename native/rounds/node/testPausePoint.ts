/**
 * Test hook for the exactly-once tests (tests/model/rounds): `TRACETUNE_ROUNDS_PAUSE_AT=point` or `point:n`
 * makes the n-th arrival (default the first) at that named point print `tracetune-rounds: paused at point` on
 * stderr and wait forever, so a test can SIGKILL the process exactly there. Unset in normal use: a no-op.
 */
const arrivals = new Map<string, number>();

export type PausePoint =
  | "run-created" | "hard-set-estimated" | "before-sample" | "verified-before-record" | "mid-line" | "after-record" | "before-dev-check" | "before-round-done";

/** Whether the hook is set for this arrival at `point` (counts the arrival). */
export function shouldPauseAt(point: PausePoint): boolean {
  const spec = process.env.TRACETUNE_ROUNDS_PAUSE_AT;
  if (!spec) return false;
  const [name, nth = "1"] = spec.split(":");
  if (name !== point) return false;
  const count = (arrivals.get(point) ?? 0) + 1;
  arrivals.set(point, count);
  return count === Number(nth);
}

/** Pauses forever at `point` when the hook says so; returns at once otherwise. */
export async function pausePoint(point: PausePoint): Promise<void> {
  if (!shouldPauseAt(point)) return;
  await pauseForever(point);
}

export function pauseForever(point: PausePoint): Promise<never> {
  process.stderr.write(`tracetune-rounds: paused at ${point}\n`);
  return new Promise<never>(() => void setInterval(() => {}, 1 << 30));
}
