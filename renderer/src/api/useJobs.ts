import { useEffect, useState } from "react";
import type { JobState } from "../../../native/api/index";
import { api } from "./client";

/** Live job states from `job` events, keyed by id (the UI's view of long work). */
export function useJobs(): Map<string, JobState> {
  const [jobs, setJobs] = useState(() => new Map<string, JobState>());
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.topic !== "job") return;
        setJobs((previous) => new Map(previous).set(event.payload.id, event.payload));
      }),
    [],
  );
  return jobs;
}
