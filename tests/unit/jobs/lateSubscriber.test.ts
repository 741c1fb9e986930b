// Issue 11 ("Try it" hangs): a job can fail before its start call has returned to a page, so its events come
// before the page knows the id. The core's side of the fix: getJob tells a late subscriber how the job ended.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JobState } from "../../../native/common/jobs.js";
import { createCore } from "../../../native/core/createCore.js";
import { JobRunner } from "../../../native/jobs/JobRunner.js";

describe("a job that fails at once", () => {
  it("has emitted its end before a caller that subscribes after start could see it, and getJob reports it failed", async () => {
    const seenBefore: JobState[] = [];
    let isSubscribed = false;
    const seenAfter: JobState[] = [];
    const runner = new JobRunner((job) => (isSubscribed ? seenAfter : seenBefore).push(job));
    const { id } = runner.start({ kind: "test", title: "fails at once" }, async () => {
      throw Object.assign(new Error("bad grammar"), { code: "invalid_input" });
    });
    // What a transport does: the start call's reply is sent after a turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 0));
    isSubscribed = true;
    expect(seenBefore.map((job) => job.status)).toEqual(["running", "failed"]);
    expect(seenAfter).toEqual([]);
    expect(runner.get(id)).toMatchObject({ status: "failed", error: { message: "bad grammar" }, endedAt: expect.any(String) });
  });

  it("through the API: an import that fails at once is reported by getJob to a caller that never saw an event", async () => {
    const core = await createCore({ host: "web", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-late-")) });
    try {
      const { jobId } = await core.api.importTasks({ format: "jsonl", files: [path.join(os.tmpdir(), "tracetune-no-such-file.jsonl")], validate: false });
      for (let tries = 0; (await core.api.getJob({ id: jobId })).status === "running" && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await core.api.getJob({ id: jobId })).toMatchObject({ status: "failed", error: { code: "invalid_input", message: expect.stringContaining("tracetune-no-such-file.jsonl") } });
      expect((await core.api.listJobs()).find((job) => job.id === jobId)?.status).toBe("failed");
    } finally {
      await core.dispose();
    }
  });
});
