/** One progress report of a job: when it came (ms on any clock that only moves forward) and the counts then. */
export interface ProgressPoint {
  atMs: number;
  done: number;
  /** Null while the total is unknown. */
  total: number | null;
  /** The job's named phase (JobState.phase.index), for jobs of several; absent for a job of one. */
  phase?: number;
  /** The job's own model of the ms left at this point (JobWork.leftMs), when it has one. */
  leftMs?: number;
}

/**
 * Milliseconds left for a job, from its progress so far; null while there is nothing to go on (no total, or
 * no item done since the current phase began). The one estimator of the app: JobRunner calls it for every job
 * and the UI only shows what it says (tests/unit/jobs/estimateEta.test.ts replays recorded jobs through it).
 *
 * Why this shape:
 * - A named phase that changes (JobContext.phase: an import's parsing, then its validation, each with its own
 *   count), or a total that becomes known or grows, starts a new phase: only the points since count, because the
 *   first phase's rate says nothing about the second's. A total that shrinks (work that turned out smaller, e.g.
 *   a completion that stopped early) does not.
 * - The rate is the phase's plain average, measured from the phase's first report to now, so time before the
 *   first item finished (prompt processing, a warm-up) counts as the work it is; unless that wait was a start-up
 *   out of all proportion (over STARTUP_FACTOR times what the first items took at the rate seen since: a cold
 *   Python sandbox takes 15 s before a batch's first 50 ms program), when the average starts at the first item. A recent-window rate was
 *   tried and dropped: on real verify batches (programs of uneven cost) it swung the ETA by 26 % of the job's
 *   duration where the average stayed within 15 % (the recorded fixtures show both).
 * - It reads `done` as work that proceeds evenly in time, so a job reports in such a unit: a sample job counts
 *   decode steps, not tokens (native/models/SampleProgress.ts), as its completions decode together and the tokens
 *   per second fall as they end.
 * - A job that models its own remaining time (`leftMs`: a rounds run's planner, which projects the hard set and
 *   prices each kind of call from the round's measured ones) gives that, counted down from its latest report; once
 *   it runs out (the job is later than its model said) the estimate from progress takes over. Why: a round's hard
 *   set decides most of its time and no rate over the samples so far can see it (bench: the rate read 2.4x the
 *   actual time at a quarter of a round, the planner 0.6-1.0x; docs/benchmarks.md, "Rounds").
 * - It is pure (no clock read): `nowMs` (default: the last point's time) is passed in, so the same log gives
 *   the same estimate in a test, and a job that has gone quiet since its last report is seen to slow down.
 *
 * `points` are in time order; only the latest phase is read, so a caller may keep a bounded tail of them.
 */
export function estimateEta({ points, nowMs }: { points: readonly ProgressPoint[]; nowMs?: number }): number | null {
  const last = points.at(-1);
  if (!last || last.total === null) return null;
  if (last.done >= last.total) return 0;
  // The job's own model, counted down since it was given, while it lasts: a model of the work that is left knows
  // what a rate cannot (a rounds run's planner: how many tasks will turn out hard, what a call of each size costs).
  if (last.leftMs !== undefined) {
    const left = last.leftMs - (Math.max(nowMs ?? last.atMs, last.atMs) - last.atMs);
    if (left > 0) return Math.round(left);
  }
  let phaseStart = points.length - 1;
  while (phaseStart > 0 && !startsPhase(points[phaseStart - 1], points[phaseStart])) phaseStart -= 1;
  const first = startOf(points, phaseStart);
  const elapsed = Math.max(nowMs ?? last.atMs, last.atMs) - first.atMs;
  const doneInPhase = last.done - first.done;
  // A phase's first few items say little (an import's validation starts at 50 % done): wait for some of them.
  const phaseItems = last.total - points[phaseStart].done;
  if (doneInPhase < Math.min(MIN_PHASE_ITEMS, Math.max(1, Math.ceil(phaseItems * 0.05))) || elapsed <= 0) return null;
  return Math.round((last.total - last.done) / (doneInPhase / elapsed));
}

/** True when `point` begins a new phase after `previous`: its named phase changed, or its total is newly known or larger. */
export function startsPhase(previous: ProgressPoint, point: ProgressPoint): boolean {
  if ((point.phase ?? 0) !== (previous.phase ?? 0)) return true;
  return point.total !== null && (previous.total === null || point.total > previous.total);
}

/** Items of a phase done before it gets an estimate (fewer when the whole phase is smaller than 20 times that). */
const MIN_PHASE_ITEMS = 5;

/** How many times longer than its items' share the wait before a phase's first item must be to count as start-up. */
const STARTUP_FACTOR = 10;

/** The point a phase's rate is measured from: its first report, or its first item when the wait for it was start-up. */
function startOf(points: readonly ProgressPoint[], phaseStart: number): ProgressPoint {
  const start = points[phaseStart];
  const last = points[points.length - 1];
  let index = phaseStart;
  while (index < points.length - 1 && points[index].done === start.done) index += 1;
  const firstItem = points[index];
  const itemsSince = last.done - firstItem.done;
  const timeSince = last.atMs - firstItem.atMs;
  if (firstItem === start || itemsSince <= 0 || timeSince <= 0) return start;
  const expectedWait = ((firstItem.done - start.done) * timeSince) / itemsSince;
  return firstItem.atMs - start.atMs > STARTUP_FACTOR * expectedWait ? firstItem : start;
}
