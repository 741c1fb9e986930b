import type { JobState } from "../../../../native/api/index";

/** "about 40 s left", "about 3 min left"; null while the estimator has no estimate yet. */
export function formatEta(etaMs: number | null): string | null {
  if (etaMs === null) return null;
  const seconds = Math.max(1, Math.round(etaMs / 1000));
  if (seconds < 90) return `about ${seconds} s left`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `about ${minutes} min left` : `about ${(minutes / 60).toFixed(1)} h left`;
}

export function formatRate(rate: number): string {
  return rate >= 10 ? `${Math.round(rate)}/s` : `${rate.toFixed(1)}/s`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/**
 * A job of several steps names the one it is in before its count ("Validating 12 / 24 · step 2 of 2"): the
 * count is that step's own, so its total never jumps. The ETA of a step before the last is that step's.
 */
function phaseOf(job: JobState): { label: string; step: string | null; etaSuffix: string } {
  const phase = job.phase;
  if (!phase) return { label: "", step: null, etaSuffix: "" };
  const isLast = phase.index >= phase.count;
  return { label: `${phase.name} `, step: phase.count > 1 ? `step ${phase.index} of ${phase.count}` : null, etaSuffix: isLast ? "" : " in this step" };
}

/** One line for a job: count, rate and ETA while it runs; the outcome and how long it took once it ended. */
export function describeJob(job: JobState): string {
  const phase = phaseOf(job);
  const count = `${phase.label}${job.done}${job.total !== null ? ` / ${job.total}` : ""}`;
  if (job.status === "running" && job.queuedFor) return `Queued: waiting for the ${job.queuedFor} (another job is using it)`;
  if (job.status === "running" && job.waitingFor) {
    const giveUp = job.waitingFor.giveUpAt ? `, gives up at ${new Date(job.waitingFor.giveUpAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : "";
    return `${count} · waiting for ${job.waitingFor.resource} (retrying${giveUp})`;
  }
  if (job.status === "running") {
    const eta = formatEta(job.etaMs);
    return [count, phase.step, formatRate(job.rate), eta ? eta + phase.etaSuffix : "estimating…"].filter(Boolean).join(" · ");
  }
  const took = job.endedAt ? formatDuration(Date.parse(job.endedAt) - Date.parse(job.startedAt)) : null;
  const outcome = { done: "Finished", failed: "Failed", cancelled: "Cancelled" }[job.status];
  // A finished job's count is its last step's; a failed or cancelled one says at which step it stopped.
  const stoppedAt = job.status === "done" ? null : phase.step;
  return [outcome, job.status === "done" ? count.slice(phase.label.length) : count, stoppedAt, took && `in ${took}`].filter(Boolean).join(" · ");
}
