import { describe, expect, it } from "vitest";
import type { ApiEvent, JobState } from "../../../native/api/index";
import { JobStore } from "../../../renderer/src/api/jobStore";

/** A fake core: pushes events to subscribers and answers getJob from what it holds. */
function fakeCore() {
  const listeners = new Set<(event: ApiEvent) => void>();
  const jobs = new Map<string, JobState & { result: unknown }>();
  let serial = 0;
  const state = (id: string, patch: Partial<JobState>): JobState => ({
    id, kind: "models.sample", title: "Sampling", status: "running", done: 0, total: 4, rate: 0, etaMs: null,
    startedAt: new Date(0).toISOString(), endedAt: null, error: null, ...patch,
  });
  return {
    subscribe: (listener: (event: ApiEvent) => void) => (listeners.add(listener), () => listeners.delete(listener)),
    getJob: async ({ id }: { id: string }) => jobs.get(id)!,
    push(job: JobState, result: unknown = undefined, { isPushed = true } = {}) {
      jobs.set(job.id, { ...job, result });
      if (isPushed) for (const listener of listeners) listener({ topic: "job", payload: job });
    },
    nextId: () => `job-${++serial}`,
    state,
  };
}

/** Settles within a turn of the event loop or reports "still waiting" (the bug this guards against hung for good). */
const settle = <T,>(promise: Promise<T>) => Promise.race([promise, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), 200))]);

describe("JobStore: a job's events may arrive before its start call returns (issue 11, 'Try it' hung)", () => {
  it("a job that fails at once, before its id is known, is reported as failed", async () => {
    const core = fakeCore();
    const store = new JobStore(core);
    const error = { code: "invalid_grammar", message: "The GBNF grammar does not parse.", details: {} };
    const started = store.runJob(async () => {
      const id = core.nextId();
      core.push(core.state(id, {}));
      core.push(core.state(id, { status: "failed", error, endedAt: new Date(1).toISOString() }));
      return { jobId: id };
    });
    const finished = await settle(started);
    expect(finished).toMatchObject({ status: "failed", error });
  });

  it("a job that finished while the event socket was away is found by asking the core once", async () => {
    const core = fakeCore();
    const store = new JobStore(core);
    const finished = await settle(
      store.runJob(async () => {
        const id = core.nextId();
        core.push(core.state(id, { status: "done", done: 4, endedAt: new Date(1).toISOString() }), { texts: ["a"] }, { isPushed: false });
        return { jobId: id };
      }),
    );
    expect(finished).toMatchObject({ status: "done", result: { texts: ["a"] } });
  });

  it("a job that ends after its id is known resolves with its result, and onStarted gets the id first", async () => {
    const core = fakeCore();
    const store = new JobStore(core);
    const id = core.nextId();
    const seen: string[] = [];
    const running = store.runJob(async () => (core.push(core.state(id, {})), { jobId: id }), (jobId) => seen.push(jobId));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([id]);
    expect(store.get(id)?.status).toBe("running");
    core.push(core.state(id, { status: "done", done: 4, endedAt: new Date(2).toISOString() }), "ok");
    expect(await settle(running)).toMatchObject({ status: "done", result: "ok" });
  });

  it("a late 'running' push never turns a finished job back into a running one", () => {
    const core = fakeCore();
    const store = new JobStore(core);
    core.push(core.state("j", { status: "done", done: 4 }));
    core.push(core.state("j", { status: "running", done: 3 }));
    expect(store.get("j")).toMatchObject({ status: "done", done: 4 });
  });

  it("a start call that throws rejects with its error", async () => {
    const store = new JobStore(fakeCore());
    await expect(store.runJob(async () => Promise.reject(new Error("No model is loaded.")))).rejects.toThrow("No model is loaded.");
  });
});
