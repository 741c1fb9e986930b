import type { JobPhase, JobState, JobWaiting } from "../common/jobs.js";

export type { JobPhase, JobState, JobWaiting };

export interface JobsApi {
  /** All jobs this session, running and recently finished. */
  listJobs(args?: Record<string, never>): Promise<JobState[]>;
  /** One job, with its result once it is done. Throws `unknown_job`. */
  getJob(args: { id: string }): Promise<JobState & { result: unknown }>;
  /** Asks a running job to stop; it ends with status "cancelled". Throws `unknown_job`. */
  cancelJob(args: { id: string }): Promise<JobState>;
}

export const jobsMethods = {
  listJobs: true,
  getJob: true,
  cancelJob: true,
} as const satisfies Record<keyof JobsApi, true>;
