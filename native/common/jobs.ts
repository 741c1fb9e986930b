/** The state of one long-running piece of work, as the UI and the CLI see it. */
export interface JobState {
  id: string;
  /** What kind of work, e.g. "python.verifyBatch", "models.load", "tasks.import". */
  kind: string;
  /** Human-readable one-liner, e.g. the file being imported. */
  title: string;
  status: "running" | "done" | "failed" | "cancelled";
  /**
   * While a running job waits for a shared resource another job holds (e.g. "model": the loaded model), its
   * name; null (or absent) once the job has it or needs none. The UI shows such a job as queued.
   */
  queuedFor?: string | null;
  done: number;
  /** Null while the total is unknown. */
  total: number | null;
  /** Items per second, averaged since the job started. */
  rate: number;
  /** Estimated milliseconds left; null while unknown. */
  etaMs: number | null;
  startedAt: string;
  endedAt: string | null;
  /** Why a failed job failed: the same {code, message, details} every transport uses for errors. */
  error: { code: string; message: string; details: Record<string, unknown> } | null;
}

/** What a long function receives to report progress and notice cancellation. */
export interface JobContext {
  signal: AbortSignal;
  /** Report progress; cheap to call per item (pushes are throttled). */
  progress(done: number, total?: number | null): void;
}
