// The Python feature through the core's API, as every front door uses it: lazy start, exec, trace, a batch
// job with progress events, status, and disposal with the core.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobState } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

let core: Core;
let dataDir: string;
beforeAll(async () => {
  await ensureSandboxBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "tracetune-python-service-"));
  core = await createCore({ dataDir, host: "web" });
});
afterAll(async () => {
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const add = "def add(a, b):\n    return a + b\n";

describe("python service", () => {
  it("starts the pool lazily on first use", async () => {
    expect(await core.api.pythonStatus()).toMatchObject({ isStarted: false, rssBytes: null });
    const result = await core.api.pythonExec({ program: add, tests: "assert add(1, 2) == 3" });
    expect(result.verdict).toBe("pass");
    const status = await core.api.pythonStatus();
    expect(status.isStarted).toBe(true);
    expect(status.rssBytes).toBeGreaterThan(50 * 1024 * 1024);
  });

  it("traces and runs", async () => {
    expect((await core.api.pythonTrace({ program: add, call: "add(2, 3)" })).returned).toBe("5");
    expect((await core.api.pythonRun({ program: "print(6 * 7)" })).stdout).toBe("42\n");
  });

  it("verifies a batch as a job with progress events; the result is the verdict list", async () => {
    const events: JobState[] = [];
    const unsubscribe = core.subscribe((event) => event.topic === "job" && events.push(event.payload));
    const requests = Array.from({ length: 30 }, (_, i) => ({ program: add, tests: `assert add(${i}, 0) == ${i === 7 ? -1 : i}` }));
    const { jobId } = await core.api.pythonVerifyBatch({ requests });
    let job = await core.api.getJob({ id: jobId });
    for (let i = 0; i < 600 && job.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await core.api.getJob({ id: jobId });
    }
    unsubscribe();
    expect(job).toMatchObject({ status: "done", done: 30, total: 30, kind: "python.verifyBatch" });
    const verdicts = (job.result as Array<{ verdict: string }>).map((r) => r.verdict);
    expect(verdicts.filter((v) => v === "pass")).toHaveLength(29);
    expect(verdicts[7]).toBe("fail");
    expect(events.some((e) => e.id === jobId && e.status === "done")).toBe(true);
  });

  it("keeps the interpreter snapshot in the data dir's cache", async () => {
    const snapshots = () => (existsSync(join(dataDir, "cache")) ? readdirSync(join(dataDir, "cache")).filter((f) => f.endsWith(".snapshot")) : []);
    for (let i = 0; i < 300 && snapshots().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(snapshots()).toHaveLength(1);
  });
});
