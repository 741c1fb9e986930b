import type { JobState, RoundRunStatus } from "../../../../native/api/index";

/** The part of the API this needs (the app's client, or a fake in a test). */
export interface RoundControl {
  listJobs(): Promise<JobState[]>;
  listRoundRuns(): Promise<RoundRunStatus[]>;
  pauseRounds(args: { name: string }): Promise<RoundRunStatus>;
  resumeRounds(args: { name: string }): Promise<{ jobId: string }>;
}

/**
 * The run of rounds that holds the loaded model in this core right now (its job runs and is not queued), or null.
 * A repair asked of the loaded model would queue behind it (docs/rounds.md, "Sharing the machine").
 */
export async function findRoundHoldingModel(api: RoundControl): Promise<string | null> {
  const holder = (await api.listJobs()).find((job) => job.kind === "rounds.run" && job.status === "running" && !job.queuedFor);
  if (!holder) return null;
  // A run's job is titled "Run rounds of NAME" or "Resume rounds of NAME" (createRoundsService).
  const run = (await api.listRoundRuns()).find((entry) => entry.state === "running" && holder.title.endsWith(` rounds of ${entry.name}`));
  return run?.name ?? null;
}

/**
 * "Pause the round and answer now": pauses the run (it stops after the sample in flight and saves itself as
 * paused), runs the repair, then resumes the run however the repair ended (done, failed, cancelled, refused).
 * `onResumed` gets the resumed run's job id.
 */
export async function repairPausingRound<T>(api: RoundControl, name: string, repair: () => Promise<T>, onResumed?: (jobId: string) => void): Promise<T> {
  await api.pauseRounds({ name });
  try {
    return await repair();
  } finally {
    const { jobId } = await api.resumeRounds({ name });
    onResumed?.(jobId);
  }
}
