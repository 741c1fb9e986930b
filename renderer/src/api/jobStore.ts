import type { ApiEvent, JobState } from "../../../native/api/index";

type Subscribe = (listener: (event: ApiEvent) => void) => () => void;
type GetJob = (args: { id: string }) => Promise<JobState & { result: unknown }>;

/** A finished job as `runJob` hands it back: its last state and, when it is done, its result. */
export type FinishedJob = JobState & { result: unknown };

/**
 * Every job state the core pushed since the app started, keyed by id.
 *
 * Why it exists: a job's events can arrive before the call that started it returns its id (a request that
 * fails at once, a job that finishes within one push). A page that only starts listening once it knows the id
 * misses them and waits for good (issue 11: "Try it" hung after an invalid grammar). Here the subscription
 * is made once, before any job starts, and every state is kept, so the id finds its history whenever it
 * arrives; `runJob` also asks the core once after the start returns, for events a reconnecting socket lost.
 */
export class JobStore {
  private readonly states = new Map<string, JobState>();
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Map<string, Array<(job: JobState) => void>>();
  private version = 0;

  constructor(private readonly options: { subscribe: Subscribe; getJob: GetJob }) {
    options.subscribe((event) => {
      if (event.topic === "job") this.put(event.payload);
    });
  }

  /** The latest state of one job, or undefined while the core has said nothing of it. */
  get(id: string): JobState | undefined {
    return this.states.get(id);
  }

  /** All jobs, oldest first. */
  list(): JobState[] {
    return [...this.states.values()];
  }

  /** For React's useSyncExternalStore: a number that changes with every stored state. */
  getVersion = (): number => this.version;

  onChange = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Starts a job and resolves once it has finished (done, failed or cancelled), however early its events
   * came. `onStarted` gets the id as soon as it is known. A start call that throws rejects as it did.
   */
  async runJob(start: () => Promise<{ jobId: string }>, onStarted?: (jobId: string) => void): Promise<FinishedJob> {
    const { jobId } = await start();
    onStarted?.(jobId);
    const finished = new Promise<JobState>((resolve) => {
      const known = this.states.get(jobId);
      if (known && known.status !== "running") return resolve(known);
      this.waiters.set(jobId, [...(this.waiters.get(jobId) ?? []), resolve]);
    });
    // Reconcile once with the core: an event pushed while the socket was (re)connecting never comes again.
    void this.options.getJob({ id: jobId }).then((state) => this.put(state), () => {});
    await finished;
    const last = await this.options.getJob({ id: jobId }).catch(() => null);
    return last ?? { ...this.states.get(jobId)!, result: undefined };
  }

  private put(state: JobState): void {
    const previous = this.states.get(state.id);
    // Pushes and getJob replies can cross: never let an older "running" overwrite a finished state.
    if (previous && previous.status !== "running" && state.status === "running") return;
    // getJob replies carry the result; the store keeps states only (results can be large).
    const { result: _result, ...plain } = state as JobState & { result?: unknown };
    this.states.set(state.id, plain);
    this.version += 1;
    for (const listener of this.listeners) listener();
    if (state.status !== "running") {
      for (const resolve of this.waiters.get(state.id) ?? []) resolve(plain);
      this.waiters.delete(state.id);
    }
  }
}
