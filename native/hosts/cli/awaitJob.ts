import type { JobState } from "../../api/index.js";
import { TracetuneError } from "../../common/TracetuneError.js";
import type { Core } from "../../core/createCore.js";
import { describeJobLine } from "./describeJobLine.js";

/**
 * Waits for a job, drawing its progress (count, rate, ETA) on stderr when that is a terminal; Ctrl-C cancels
 * the job. Resolves with its final state and result (a cancelled job resolves too: some callers keep partial
 * results); throws the job's error when it failed.
 */
export async function awaitJob(core: Core, jobId: string): Promise<{ state: JobState; result: unknown }> {
  const draw = (job: JobState) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${describeJobLine(job)}   `);
  };
  const onSigint = () => void core.api.cancelJob({ id: jobId }).catch(() => {});
  process.once("SIGINT", onSigint);
  try {
    const state = await new Promise<JobState>((resolve) => {
      const check = (job: JobState) => {
        if (job.id !== jobId) return;
        draw(job);
        if (job.status !== "running") {
          unsubscribe();
          resolve(job);
        }
      };
      const unsubscribe = core.subscribe((event) => event.topic === "job" && check(event.payload));
      void core.api.getJob({ id: jobId }).then(check);
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (state.status === "failed") throw new TracetuneError(state.error?.code ?? "internal", state.error?.message ?? "The job failed.", state.error?.details ?? {});
    return { state, result: (await core.api.getJob({ id: jobId })).result };
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** Like `awaitJob`, for jobs whose partial result is of no use: a cancelled job throws `cancelled`. */
export async function awaitJobResult(core: Core, jobId: string): Promise<unknown> {
  const { state, result } = await awaitJob(core, jobId);
  if (state.status === "cancelled") throw new TracetuneError("cancelled", "Cancelled.");
  return result;
}
