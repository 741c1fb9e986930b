import { useSyncExternalStore } from "react";
import type { JobState } from "../../../native/api/index";
import { api } from "./client";
import { JobStore } from "./jobStore";

/** The app's one job store, subscribed before any page can start a job (see JobStore for why). */
export const jobStore = new JobStore({ subscribe: api.subscribe, getJob: (args) => api.getJob(args) });

/** Live job states, keyed by id (the UI's view of long work); re-renders on every change. */
export function useJobs(): Map<string, JobState> {
  useSyncExternalStore(jobStore.onChange, jobStore.getVersion);
  return new Map(jobStore.list().map((job) => [job.id, job]));
}

/** One job's live state; undefined while `id` is null or the core has not spoken of it yet. */
export function useJob(id: string | null): JobState | undefined {
  useSyncExternalStore(jobStore.onChange, jobStore.getVersion);
  return id ? jobStore.get(id) : undefined;
}
