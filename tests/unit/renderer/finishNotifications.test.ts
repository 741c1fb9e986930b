import { describe, expect, it } from "vitest";
import type { ApiEvent, JobState } from "../../../native/api/index";
import { JobStore } from "../../../renderer/src/api/jobStore";
import { describeEndedJob, watchFinishedJobs, type NotificationHost } from "../../../renderer/src/app/finishNotifications";

function events() {
  const listeners = new Set<(event: ApiEvent) => void>();
  return {
    subscribe: (listener: (event: ApiEvent) => void) => (listeners.add(listener), () => listeners.delete(listener)),
    push: (job: JobState) => listeners.forEach((listener) => listener({ topic: "job", payload: job })),
  };
}
const job = (id: string, kind: string, status: JobState["status"], error: JobState["error"] = null): JobState => ({
  id, kind, title: `job ${id}`, status, done: 0, total: null, rate: 0, etaMs: null, startedAt: new Date(0).toISOString(), endedAt: null, error,
});

function recordingHost(state: { isAway: boolean; permission: "default" | "granted" | "denied"; isEnabled: boolean }) {
  const shown: string[] = [];
  const asked: number[] = [];
  const host: NotificationHost = {
    permission: () => state.permission,
    requestPermission: async () => asked.push(1),
    show: (title, { body }) => shown.push(`${title}: ${body}`),
    isAway: () => state.isAway,
    isEnabled: async () => state.isEnabled,
  };
  return { host, shown, asked };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("finish notifications", () => {
  it("notifies when a long job this window saw running ends while the user is away, only then", async () => {
    const core = events();
    const store = new JobStore({ subscribe: core.subscribe, getJob: async () => { throw new Error("unused"); } });
    const state = { isAway: true, permission: "granted" as "default" | "granted" | "denied", isEnabled: true };
    const { host, shown } = recordingHost(state);
    watchFinishedJobs(store, host);
    core.push(job("a", "rounds.run", "running"));
    core.push(job("b", "tasks.import", "running"));
    core.push(job("b", "tasks.import", "done"));
    core.push(job("a", "rounds.run", "done"));
    await tick();
    expect(shown).toEqual(["Run of rounds finished: job a"]);

    // Looking at the window: nothing. Setting off: nothing. Permission denied: nothing.
    for (const patch of [{ isAway: false }, { isEnabled: false }, { permission: "denied" as "default" | "granted" | "denied" }]) {
      Object.assign(state, { isAway: true, permission: "granted", isEnabled: true }, patch);
      const id = JSON.stringify(patch);
      core.push(job(id, "evaluation.run", "running"));
      core.push(job(id, "evaluation.run", "done"));
      await tick();
    }
    expect(shown).toHaveLength(1);

    Object.assign(state, { isAway: true, permission: "granted", isEnabled: true });
    core.push(job("t", "training.train", "running"));
    core.push(job("t", "training.train", "failed", { code: "trainer_failed", message: "llama-finetune exited with code 1", details: {} }));
    await tick();
    expect(shown.at(-1)).toBe("Training failed: job t: llama-finetune exited with code 1");
  });

  it("names the ending: finished, failed, stopped", () => {
    expect(describeEndedJob(job("x", "evaluation.run", "cancelled")).title).toBe("Evaluation stopped");
    expect(describeEndedJob(job("x", "rounds.run", "done")).title).toBe("Run of rounds finished");
  });
});
