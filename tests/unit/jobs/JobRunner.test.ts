import { describe, expect, it } from "vitest";
import type { JobState } from "../../../native/common/jobs.js";
import { JobRunner } from "../../../native/jobs/JobRunner.js";

describe("JobRunner", () => {
  it("reports progress with rate and ETA, and keeps the result", async () => {
    const seen: JobState[] = [];
    const runner = new JobRunner((job) => seen.push(job));
    const { id, done } = runner.start({ kind: "test", title: "count", total: 3 }, async ({ progress }) => {
      for (let i = 1; i <= 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        progress(i);
      }
      return "finished";
    });
    expect(await done).toBe("finished");
    const job = runner.get(id);
    expect(job).toMatchObject({ status: "done", done: 3, total: 3, result: "finished" });
    expect(job.rate).toBeGreaterThan(0);
    expect(seen[0].status).toBe("running");
    expect(seen.at(-1)!.status).toBe("done");
  });

  it("cancels through the AbortSignal and ends as cancelled", async () => {
    const runner = new JobRunner(() => {});
    const { id, done } = runner.start({ kind: "test", title: "wait" }, ({ signal }) => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))));
    runner.cancel(id);
    await expect(done).rejects.toBeDefined();
    expect(runner.get(id).status).toBe("cancelled");
  });

  it("keeps a failed job's error with its code and details, as every transport sends errors", async () => {
    const runner = new JobRunner(() => {});
    const { TaskFileError } = await import("../../../native/tasks/taskErrors.js");
    const { id, done } = runner.start({ kind: "test", title: "import" }, async () => {
      throw new TaskFileError("/data/x.jsonl", "no such file");
    });
    await expect(done).rejects.toThrow(/x\.jsonl/);
    expect(runner.get(id).error).toEqual({ code: "invalid_input", message: "Cannot import /data/x.jsonl: no such file", details: { file: "/data/x.jsonl", reason: "no such file" } });
  });

  it("fails the job, not the caller, when the work throws before returning a promise", async () => {
    const runner = new JobRunner(() => {});
    const { id, done } = runner.start({ kind: "test", title: "sync" }, (() => {
      throw new Error("bad argument");
    }) as () => Promise<never>);
    await expect(done).rejects.toThrow("bad argument");
    expect(runner.get(id)).toMatchObject({ status: "failed", error: { message: "bad argument" } });
  });

  it("reports and clears a wait for an outside resource (waiting_for_engine)", async () => {
    const seen: JobState[] = [];
    const runner = new JobRunner((job) => seen.push(job));
    const waiting = { resource: "engine" as const, reason: "connection refused", since: new Date().toISOString(), retryAt: null, giveUpAt: null };
    const { done } = runner.start({ kind: "test", title: "engine" }, async (job) => {
      job.waiting?.(waiting);
      job.waiting?.(null);
    });
    await done;
    expect(seen.some((state) => state.waitingFor?.reason === "connection refused")).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: "done", waitingFor: null });
  });

  it("runs named phases that each count their own items, so a total never grows when the next phase starts", async () => {
    const seen: JobState[] = [];
    const runner = new JobRunner((job) => seen.push(job));
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const { id, done } = runner.start({ kind: "test", title: "import" }, async (job) => {
      job.phase!({ name: "Parsing", index: 1, count: 2 });
      for (let i = 1; i <= 24; i += 1) job.progress(i);
      job.progress(24, 24);
      await new Promise((resolve) => setTimeout(resolve, 500));
      job.phase!({ name: "Validating", index: 2, count: 2 });
      job.progress(0, 24);
      for (let i = 1; i <= 24; i += 1) {
        await tick();
        job.progress(i);
        // The rate and ETA count from the phase's start: 12 items over ~60 ms, not over the job's ~560 ms.
        if (i === 12) midValidation = { state: runner.get(id), sinceStartS: (Date.now() - Date.parse(runner.get(id).startedAt)) / 1000 };
      }
    });
    let midValidation: { state: JobState; sinceStartS: number } | undefined;
    await done;
    // Each phase change is pushed at once, with the count back at 0 and no ETA carried over from the last phase.
    const starts = seen.filter((state, index) => state.phase && state.phase.index !== seen[index - 1]?.phase?.index);
    expect(starts.map((state) => [state.phase!.name, state.done, state.total, state.etaMs])).toEqual([["Parsing", 0, null, null], ["Validating", 0, null, null]]);
    expect(Math.max(...seen.map((state) => state.total ?? 0))).toBe(24);
    // Within a phase the total only goes from unknown to known; the job ends on its last phase, finished.
    for (let index = 1; index < seen.length; index += 1) {
      const [before, after] = [seen[index - 1], seen[index]];
      if (before.phase?.index === after.phase?.index && before.total !== null) expect(after.total).toBe(before.total);
    }
    expect(runner.get(id)).toMatchObject({ status: "done", done: 24, total: 24, phase: { name: "Validating", index: 2, count: 2 }, etaMs: 0 });
    expect(midValidation!.state.rate).toBeGreaterThan((12 / midValidation!.sinceStartS) * 1.5);
    expect(midValidation!.state.etaMs).not.toBeNull();
    expect(midValidation!.state.etaMs!).toBeLessThan(500);
  });

  it("names an unknown job id", () => {
    expect(() => new JobRunner(() => {}).get("nope")).toThrow(/No job with id "nope"/);
  });
});
