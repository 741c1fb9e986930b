import { describe, expect, it } from "vitest";
import type { JobState } from "../../../native/api/index";
import { describeJob, formatEta } from "../../../renderer/src/components/JobProgress/formatJob";

const job = (patch: Partial<JobState>): JobState => ({
  id: "j", kind: "tasks.import", title: "Import", status: "running", done: 12, total: 48, rate: 3.2, etaMs: 11_000,
  startedAt: "2026-01-01T00:00:00.000Z", endedAt: null, error: null, ...patch,
});

describe("job lines in the tray and where a job was started", () => {
  it("a running job: count, rate and the estimator's ETA (never one of its own)", () => {
    expect(describeJob(job({}))).toBe("12 / 48 · 3.2/s · about 11 s left");
    expect(describeJob(job({ etaMs: null }))).toBe("12 / 48 · 3.2/s · estimating…");
    expect(formatEta(5_340_000)).toBe("about 89 min left");
    expect(formatEta(5_400_000)).toBe("about 1.5 h left");
  });

  it("a finished job says it finished, with its count and how long it took", () => {
    expect(describeJob(job({ status: "done", done: 48, endedAt: "2026-01-01T00:00:17.000Z" }))).toBe("Finished · 48 / 48 · in 17 s");
    expect(describeJob(job({ status: "failed", endedAt: "2026-01-01T00:00:01.000Z" }))).toBe("Failed · 12 / 48 · in 1 s");
  });

  it("a job of several steps names its step, with that step's own count (an import: parsing, then validating)", () => {
    const validating = { name: "Validating", index: 2, count: 2 };
    expect(describeJob(job({ phase: validating, done: 12, total: 24 }))).toBe("Validating 12 / 24 · step 2 of 2 · 3.2/s · about 11 s left");
    expect(describeJob(job({ phase: { name: "Parsing", index: 1, count: 2 }, done: 7, total: null, etaMs: null }))).toBe("Parsing 7 · step 1 of 2 · 3.2/s · estimating…");
    // The ETA of a step before the last says so: it is not the whole job's.
    expect(describeJob(job({ phase: { name: "Parsing", index: 1, count: 2 }, done: 7, total: 24, etaMs: 4_000 }))).toBe("Parsing 7 / 24 · step 1 of 2 · 3.2/s · about 4 s left in this step");
    expect(describeJob(job({ phase: { name: "Parsing", index: 1, count: 1 }, done: 7, total: 24 }))).toBe("Parsing 7 / 24 · 3.2/s · about 11 s left");
    expect(describeJob(job({ phase: validating, status: "done", done: 24, total: 24, endedAt: "2026-01-01T00:00:17.000Z" }))).toBe("Finished · 24 / 24 · in 17 s");
    expect(describeJob(job({ phase: validating, status: "cancelled", done: 5, total: 24, endedAt: "2026-01-01T00:00:03.000Z" }))).toBe("Cancelled · Validating 5 / 24 · step 2 of 2 · in 3 s");
  });

  it("a queued job and one waiting for its engine say so instead of an ETA", () => {
    expect(describeJob(job({ queuedFor: "model" }))).toBe("Queued: waiting for the model (another job is using it)");
    expect(describeJob(job({ waitingFor: { resource: "engine", reason: "refused", since: "2026-01-01T00:00:00.000Z", retryAt: null, giveUpAt: null } }))).toBe("12 / 48 · waiting for engine (retrying)");
  });
});
