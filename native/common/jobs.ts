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
  /**
   * While a running job waits for something outside the app to come back (a serving engine that stopped
   * answering), what and since when; the UI shows it as "waiting for engine". Null (or absent) otherwise.
   */
  waitingFor?: JobWaiting | null;
  /**
   * The named step a job of several steps is in (an import: "Parsing", then "Validating"); `done` and `total`
   * count that step's items only, so a total never grows because a later step began. Absent (or null) for a
   * job of one step.
   */
  phase?: JobPhase | null;
  done: number;
  /** Null while the total is unknown. */
  total: number | null;
  /** Items per second, averaged since the job (or its current phase) started. */
  rate: number;
  /** Estimated milliseconds left; null while unknown. */
  etaMs: number | null;
  startedAt: string;
  endedAt: string | null;
  /** Why a failed job failed: the same {code, message, details} every transport uses for errors. */
  error: { code: string; message: string; details: Record<string, unknown> } | null;
}

/** One step of a job that runs in several: its name as shown ("Validating") and where it stands among them. */
export interface JobPhase {
  name: string;
  /** 1-based: step `index` of `count`. */
  index: number;
  count: number;
}

/** Why a running job is not making progress: e.g. its serving engine is unreachable and it retries. */
export interface JobWaiting {
  /** "engine": the `waiting_for_engine` state. */
  resource: "engine";
  reason: string;
  since: string;
  /** When the next try is due; null when unknown. */
  retryAt: string | null;
  /** When the job gives up and stops in a resumable state. */
  giveUpAt: string | null;
}

/** Progress in the ETA's unit when it is not the job's items (JobContext.progress): work done of work in all. */
export interface JobWork {
  done: number;
  total: number;
  /**
   * The job's own model of the milliseconds left at this report, when it has one that knows more than its progress
   * (a rounds run: its planner projects the hard set and prices the calls still to make). The ETA counts it down
   * and falls back to the estimate from progress once it runs out (native/jobs/estimateEta.ts).
   */
  leftMs?: number;
}

/** What a long function receives to report progress and notice cancellation. */
export interface JobContext {
  signal: AbortSignal;
  /**
   * Report progress; cheap to call per item (pushes are throttled). `work`: for a job whose items are of uneven
   * cost, the same progress in a unit that proceeds evenly in time (a rounds run: each sample weighted by the
   * planner's modelled cost of its call); the ETA is estimated from it instead of from the items.
   */
  progress(done: number, total?: number | null, work?: JobWork): void;
  /**
   * Begins the next step of a job that runs in several: `done` goes back to 0 and `total` is the step's own
   * (null while unknown); the rate and ETA count from here. Pushed at once. Optional: jobs of one step never call it.
   */
  phase?(phase: JobPhase, total?: number | null): void;
  /** Reports that the job waits for an outside resource (`waitingFor`), or no longer does (null). Pushed at once. */
  waiting?(waiting: JobWaiting | null): void;
}
