import type { JobState } from "../../api/index.js";
import type { Core } from "../../core/createCore.js";

/**
 * One line of a job's progress for the terminal: "Title: validating 12/24 (step 2 of 2, 3.2/s, ETA 4 s)". A job of
 * several steps names its step (the count is that step's own); a queued job says what it waits for. Slow jobs
 * (under one item a second, a round's samples) keep two decimals of their rate, so it never reads 0.0/s.
 */
export function describeJobLine(job: JobState): string {
  const total = job.total === null ? "" : `/${job.total}`;
  const eta = job.etaMs === null ? "" : `, ETA ${Math.round(job.etaMs / 1000)} s`;
  const phase = job.phase ? `${job.phase.name.toLowerCase()} ` : "";
  const step = job.phase && job.phase.count > 1 ? `step ${job.phase.index} of ${job.phase.count}, ` : "";
  const rate = job.rate.toFixed(job.rate > 0 && job.rate < 1 ? 2 : 1);
  const queued = job.queuedFor ? ` (queued for the ${job.queuedFor})` : "";
  return `${job.title}: ${phase}${job.done}${total} (${step}${rate}/s${eta})${queued}`;
}

/**
 * When stderr is not a terminal (a log file, CI), a progress line every 5 s and at the end instead of the
 * redrawn one `awaitJob` draws on a terminal. Returns the unsubscribe function.
 */
export function logProgressWhenPiped(core: Core, jobId: string): () => void {
  if (process.stderr.isTTY) return () => {};
  let lastAt = 0;
  return core.subscribe((event) => {
    if (event.topic !== "job" || event.payload.id !== jobId) return;
    const job: JobState = event.payload;
    if (Date.now() - lastAt < 5000 && job.status === "running") return;
    lastAt = Date.now();
    process.stderr.write(`${describeJobLine(job)}\n`);
  });
}
