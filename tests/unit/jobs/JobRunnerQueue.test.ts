import { describe, expect, it } from "vitest";
import type { JobState } from "../../../native/common/jobs.js";
import { JobRunner } from "../../../native/jobs/JobRunner.js";

/** A promise with its resolve, to hold a job's work open until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("JobRunner queues for a shared resource", () => {
  it("runs jobs that need the same resource one at a time, in start order, showing the waiting ones as queued", async () => {
    const seen: JobState[] = [];
    const runner = new JobRunner((job) => seen.push(job));
    const order: string[] = [];
    const first = gate();
    const a = runner.start({ kind: "test", title: "a", needs: ["model"] }, async () => {
      order.push("a");
      await first.promise;
      order.push("a-end");
    });
    const b = runner.start({ kind: "test", title: "b", needs: ["model"] }, async () => void order.push("b"));
    const c = runner.start({ kind: "test", title: "c" }, async () => void order.push("c"));
    await c.done;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["a", "c"]);
    expect(runner.get(b.id)).toMatchObject({ status: "running", queuedFor: "model" });
    expect(runner.get(a.id).queuedFor ?? null).toBeNull();
    first.open();
    await Promise.all([a.done, b.done]);
    expect(order).toEqual(["a", "c", "a-end", "b"]);
    expect(runner.get(b.id)).toMatchObject({ status: "done", queuedFor: null });
    expect(seen.some((job) => job.id === b.id && job.queuedFor === "model")).toBe(true);
  });

  it("ends a job cancelled while queued without starting its work, and the queue moves on", async () => {
    const runner = new JobRunner(() => {});
    const hold = gate();
    const started: string[] = [];
    const a = runner.start({ kind: "test", title: "a", needs: ["model"] }, async () => void (await hold.promise));
    const b = runner.start({ kind: "test", title: "b", needs: ["model"] }, async () => void started.push("b"));
    const c = runner.start({ kind: "test", title: "c", needs: ["model"] }, async () => void started.push("c"));
    runner.cancel(b.id);
    await expect(b.done).rejects.toMatchObject({ code: "cancelled" });
    expect(runner.get(b.id).status).toBe("cancelled");
    hold.open();
    await Promise.all([a.done, c.done]);
    expect(started).toEqual(["c"]);
  });
});

describe("JobRunner: jobs started by a job that holds a resource", () => {
  it("share it instead of queueing behind their own parent (a round loading its model), while others still queue", async () => {
    const runner = new JobRunner(() => {});
    const order: string[] = [];
    const parent = runner.start({ kind: "rounds.run", title: "round", needs: ["model"] }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const load = runner.start({ kind: "models.load", title: "load", needs: ["model"] }, async () => void order.push("child"));
      await load.done;
      order.push("parent-end");
    });
    const other = runner.start({ kind: "models.sample", title: "other", needs: ["model"] }, async () => void order.push("other"));
    await Promise.all([parent.done, other.done]);
    expect(order).toEqual(["child", "parent-end", "other"]);
  });
});
