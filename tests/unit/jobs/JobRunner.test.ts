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

  it("names an unknown job id", () => {
    expect(() => new JobRunner(() => {}).get("nope")).toThrow(/No job with id "nope"/);
  });
});
