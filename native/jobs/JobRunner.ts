import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { JobContext, JobState } from "../common/jobs.js";
import { TracetuneError, toWireError } from "../common/TracetuneError.js";
import { estimateEta, startsPhase, type ProgressPoint } from "./estimateEta.js";

export class UnknownJobError extends TracetuneError {
  constructor(id: string) {
    super("unknown_job", `No job with id "${id}".`, { id });
  }
}

interface JobEntry {
  state: JobState;
  controller: AbortController;
  result: unknown;
  lastPushAt: number;
  /** True while the latest progress report was held back by the push throttle. */
  hasUnpushedProgress: boolean;
  /** When the current phase (JobContext.phase) began, else when the job did: the rate counts from here. */
  phaseStartedMs: number;
  /** Progress history for estimateEta: the current phase's first point and a thinned tail. */
  points: ProgressPoint[];
}

/** Points kept per job for the ETA; older ones (but the phase's first) are thinned out past this. */
const MAX_ETA_POINTS = 256;

/**
 * Adds a progress point, keeping the history bounded: one point per 50 ms (a report within 50 ms of the point
 * before the latest replaces the latest), anchors stay. Measured from the point before, not from the latest,
 * so a job that reports every few ms (sampling: every token) still keeps a point per 50 ms, not only its first.
 */
function recordPoint(points: ProgressPoint[], point: ProgressPoint): void {
  const last = points.at(-1);
  const beforeLast = points.at(-2);
  // A point that anchors its phase (the first point, or one whose total is new) is never replaced.
  const isAnchor = !beforeLast || startsPhase(beforeLast, last!);
  if (last && beforeLast && !isAnchor && last.total === point.total && last.phase === point.phase && point.atMs - beforeLast.atMs < 50) points[points.length - 1] = point;
  else points.push(point);
  if (points.length <= MAX_ETA_POINTS) return;
  // Earlier phases are never read again (estimateEta reads the latest): keep the current phase, every other
  // point of it, with its first and last.
  let phaseStart = points.length - 1;
  while (phaseStart > 0 && !startsPhase(points[phaseStart - 1], points[phaseStart])) phaseStart -= 1;
  const phase = points.slice(phaseStart);
  points.splice(0, points.length, ...phase.filter((_, index) => index === 0 || index === phase.length - 1 || index % 2 === 0));
}

/** Progress pushes per job are throttled to this interval so a fast loop never floods a transport. */
const PUSH_INTERVAL_MS = 200;
/** Finished jobs kept for `getJob` before the oldest are forgotten. */
const FINISHED_JOBS_KEPT = 200;

/**
 * Runs long work as jobs: each has an id, throttled progress (count, rate, ETA) pushed to `onChange`,
 * and an AbortSignal that `cancel(id)` fires. Work of several steps names each (`phase`): a step counts its own
 * items from 0 and its rate and ETA count from its start. The work function's return value is kept as the job's result.
 */
export class JobRunner {
  private readonly jobs = new Map<string, JobEntry>();
  private isDisposed = false;

  constructor(private readonly onChange: (job: JobState) => void) {}

  /** Per shared resource, the jobs waiting for it in order; the first holds it. */
  private readonly queues = new Map<string, string[]>();
  private readonly waiters = new Map<string, () => void>();
  /** The resources the job whose work is running in this async context holds (inherited by jobs it starts). */
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  /**
   * `needs`: shared resources (e.g. "model") the work may use only one job at a time. The work starts once
   * the job is first in each resource's queue, in start order; meanwhile the job is running with
   * `queuedFor` set, and cancelling it then ends it without starting the work. A job started from within the
   * work of a job that holds a resource (e.g. a round loading its model) shares it instead of queueing behind
   * its own parent. Default: none.
   */
  start<T>(options: { kind: string; title: string; total?: number | null; needs?: string[] }, work: (context: JobContext) => Promise<T>): { id: string; done: Promise<T> } {
    if (this.isDisposed) throw new TracetuneError("disposed", "The job runner has been disposed.");
    const id = randomUUID();
    const startedMs = Date.now();
    const entry: JobEntry = {
      state: {
        id, kind: options.kind, title: options.title, status: "running", done: 0, total: options.total ?? null,
        rate: 0, etaMs: null, startedAt: new Date(startedMs).toISOString(), endedAt: null, error: null,
      },
      controller: new AbortController(),
      result: undefined,
      lastPushAt: 0,
      phaseStartedMs: startedMs,
      hasUnpushedProgress: false,
      points: [],
    };
    this.jobs.set(id, entry);
    this.onChange({ ...entry.state });

    const context: JobContext = {
      signal: entry.controller.signal,
      progress: (done, total, work) => {
        const state = entry.state;
        state.done = done;
        if (total !== undefined) state.total = total;
        const now = Date.now();
        const elapsedS = (now - entry.phaseStartedMs) / 1000;
        state.rate = elapsedS > 0 ? done / elapsedS : 0;
        // Every job's ETA comes from the one estimator (native/jobs/estimateEta.ts), in the job's work unit when it gives one.
        recordPoint(entry.points, work ? { atMs: now, done: work.done, total: work.total, phase: state.phase?.index, ...(work.leftMs !== undefined ? { leftMs: work.leftMs } : {}) } : { atMs: now, done, total: state.total, phase: state.phase?.index });
        state.etaMs = estimateEta({ points: entry.points, nowMs: now });
        entry.hasUnpushedProgress = now - entry.lastPushAt < PUSH_INTERVAL_MS;
        if (!entry.hasUnpushedProgress) {
          entry.lastPushAt = now;
          this.onChange({ ...state });
        }
      },
      phase: (phase, total = null) => {
        const state = entry.state;
        const now = Date.now();
        // Where the last phase ended ("Parsing 24 / 24") is shown before the next begins, however fast it ran.
        if (entry.hasUnpushedProgress) this.onChange({ ...state });
        entry.hasUnpushedProgress = false;
        // Each phase counts its own items from 0, so a total never grows because the next step began.
        state.phase = { ...phase };
        state.done = 0;
        state.total = total;
        state.rate = 0;
        state.etaMs = null;
        entry.phaseStartedMs = now;
        entry.points.push({ atMs: now, done: 0, total, phase: phase.index });
        entry.lastPushAt = now;
        this.onChange({ ...state, phase: { ...phase } });
      },
      waiting: (waiting) => {
        entry.state.waitingFor = waiting;
        entry.lastPushAt = Date.now();
        this.onChange({ ...entry.state });
      },
    };

    const inherited = this.held.getStore() ?? new Set<string>();
    const needs = [...new Set(options.needs ?? [])].filter((resource) => !inherited.has(resource));
    const holds = new Set([...inherited, ...needs]);
    // The work starts synchronously when nothing is in its way, as a job without needs always has.
    const turn = this.joinQueues(id, needs) ? null : this.waitForTurn(entry, needs);
    // The ETA counts from when the work begins (after any queue), as the first item's time is part of the work.
    // A work function that throws before returning its promise (not async) fails its job; it never escapes start().
    const begin = () => {
      entry.points.push({ atMs: Date.now(), done: entry.state.done, total: entry.state.total, phase: entry.state.phase?.index });
      try {
        return this.held.run(holds, () => work(context));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    const started = turn ? turn.then(begin) : begin();
    const done = (needs.length > 0 ? started.finally(() => this.leaveQueues(id, needs)) : started).then(
      (result) => {
        entry.result = result;
        this.finish(entry, entry.controller.signal.aborted ? "cancelled" : "done", null);
        return result;
      },
      (error: unknown) => {
        const isCancel = entry.controller.signal.aborted;
        const wire = toWireError(error);
        this.finish(entry, isCancel ? "cancelled" : "failed", isCancel ? null : wire);
        throw error;
      },
    );
    // A caller that only watches events must not crash the process with an unhandled rejection.
    done.catch(() => {});
    return { id, done };
  }

  /** Puts the job at the end of each resource's queue; true when it is first in all of them (no wait). */
  private joinQueues(id: string, needs: string[]): boolean {
    for (const resource of needs) {
      const queue = this.queues.get(resource) ?? [];
      queue.push(id);
      this.queues.set(resource, queue);
    }
    return needs.every((resource) => this.queues.get(resource)![0] === id);
  }

  /** Resolves when the job is first in every queue it joined (rejects with `cancelled` if cancelled while waiting). */
  private async waitForTurn(entry: JobEntry, needs: string[]): Promise<void> {
    const { id } = entry.state;
    for (const resource of needs) {
      while (this.queues.get(resource)![0] !== id) {
        entry.state.queuedFor = resource;
        this.onChange({ ...entry.state });
        await new Promise<void>((resolve) => {
          const wake = () => {
            entry.controller.signal.removeEventListener("abort", wake);
            this.waiters.delete(id);
            resolve();
          };
          this.waiters.set(id, wake);
          entry.controller.signal.addEventListener("abort", wake);
        });
        if (entry.controller.signal.aborted) throw new TracetuneError("cancelled", "Cancelled while queued.");
      }
    }
    if (entry.state.queuedFor) {
      entry.state.queuedFor = null;
      this.onChange({ ...entry.state });
    }
  }

  private leaveQueues(id: string, needs: string[]): void {
    for (const resource of needs) {
      const queue = (this.queues.get(resource) ?? []).filter((queued) => queued !== id);
      this.queues.set(resource, queue);
      for (const next of queue) this.waiters.get(next)?.();
    }
  }

  get(id: string): JobState & { result: unknown } {
    const entry = this.jobs.get(id);
    if (!entry) throw new UnknownJobError(id);
    return { ...entry.state, result: entry.result };
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((entry) => ({ ...entry.state }));
  }

  cancel(id: string): JobState {
    const entry = this.jobs.get(id);
    if (!entry) throw new UnknownJobError(id);
    if (entry.state.status === "running") entry.controller.abort();
    return { ...entry.state };
  }

  dispose(): void {
    this.isDisposed = true;
    for (const entry of this.jobs.values()) entry.controller.abort();
  }

  private finish(entry: JobEntry, status: JobState["status"], error: JobState["error"]): void {
    const elapsedS = (Date.now() - entry.phaseStartedMs) / 1000;
    entry.state.status = status;
    entry.state.error = error;
    entry.state.waitingFor = null;
    entry.state.etaMs = 0;
    entry.state.endedAt = new Date().toISOString();
    entry.state.rate = elapsedS > 0 ? entry.state.done / elapsedS : 0;
    this.onChange({ ...entry.state });
    this.forgetOldJobs();
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((entry) => entry.state.status !== "running");
    for (const entry of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) this.jobs.delete(entry.state.id);
  }
}
