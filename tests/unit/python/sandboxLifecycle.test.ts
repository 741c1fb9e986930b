// The runtime's life cycle: the memory-snapshot cache, recovery when the sandbox process dies, disposal.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

let cacheDir: string;
beforeAll(async () => {
  await ensureSandboxBuilt();
  cacheDir = mkdtempSync(join(tmpdir(), "tracetune-python-cache-"));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const add = { program: "def add(a, b):\n    return a + b\n", tests: "assert add(1, 2) == 3" };
const snapshots = () => readdirSync(cacheDir).filter((file) => file.endsWith(".snapshot"));

describe("memory snapshot cache", () => {
  it("the first start writes a snapshot; the next start loads from it and gives the same verdicts", async () => {
    const first = await PythonRuntime.start({ size: 1, spares: 0, cacheDir });
    expect(first.startInfo.fromSnapshot).toBe(false);
    expect((await first.exec(add)).verdict).toBe("pass");
    for (let i = 0; i < 300 && snapshots().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await first.dispose();
    expect(snapshots()).toHaveLength(1);

    const second = await PythonRuntime.start({ size: 1, spares: 0, cacheDir });
    try {
      expect(second.startInfo.fromSnapshot).toBe(true);
      expect((await second.exec(add)).verdict).toBe("pass");
      expect((await second.exec({ ...add, tests: "assert add(1, 2) == 4" })).verdict).toBe("fail");
      expect((await second.exec({ program: "import js\n", tests: "assert True" })).verdict).toBe("violation");
      expect((await second.trace({ program: add.program, call: "add(1, 2)" })).returned).toBe("3");
    } finally {
      await second.dispose();
    }
  });

  it("a corrupt snapshot is not fatal (loaded the slow way) and is rebuilt, so the start after is fast again (issue 16)", async () => {
    const { readFileSync, writeFileSync } = await import("node:fs");
    if (snapshots().length === 0) {
      const first = await PythonRuntime.start({ size: 1, spares: 0, cacheDir });
      for (let i = 0; i < 300 && snapshots().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await first.dispose();
    }
    expect(snapshots()).toHaveLength(1);
    for (const file of snapshots()) writeFileSync(join(cacheDir, file), "not a snapshot");
    const runtime = await PythonRuntime.start({ size: 1, spares: 0, cacheDir });
    try {
      expect(runtime.startInfo.fromSnapshot).toBe(false);
      expect((await runtime.exec(add)).verdict).toBe("pass");
      const isRebuilt = () => snapshots().some((file) => readFileSync(join(cacheDir, file)).byteLength > 1_000_000);
      for (let i = 0; i < 300 && !isRebuilt(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(isRebuilt()).toBe(true);
    } finally {
      await runtime.dispose();
    }
    const next = await PythonRuntime.start({ size: 1, spares: 0, cacheDir });
    try {
      expect(next.startInfo.fromSnapshot).toBe(true);
      expect((await next.exec(add)).verdict).toBe("pass");
    } finally {
      await next.dispose();
    }
  });
});

describe("recovery and disposal", () => {
  it("answers the run in flight and serves again when the sandbox process is killed", async () => {
    const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
    try {
      const { pid } = await runtime.stats();
      const inFlight = runtime.exec({ program: "while True:\n    pass\n", tests: "assert True", limits: { timeoutMs: 30_000 } });
      await new Promise((r) => setTimeout(r, 200));
      process.kill(pid, "SIGKILL");
      const result = await inFlight;
      expect(result.verdict).toBe("error");
      expect(result.error?.message).toMatch(/sandbox process ended/);
      expect((await runtime.exec(add)).verdict).toBe("pass");
      expect((await runtime.stats()).pid).not.toBe(pid);
    } finally {
      await runtime.dispose();
    }
  });

  it("a deep batch of timeouts is judged run by run; runs queued longer than their own limit are not killed", async () => {
    // 1 interpreter, 40 loops at 300 ms each: the last waits ~12 s in the queue, beyond any per-run timer
    // (300 ms + grace + 10 s) that would start at queueing.
    const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
    try {
      const loop = { program: "while True:\n    pass\n", tests: "assert True", limits: { timeoutMs: 300 } };
      const { pid } = await runtime.stats();
      const results = await runtime.verifyMany([...Array.from({ length: 40 }, () => loop), add]);
      expect(results.slice(0, 40).map((result) => result.verdict)).toEqual(Array(40).fill("timeout"));
      expect(results[40].verdict).toBe("pass");
      expect((await runtime.stats()).pid).toBe(pid);
    } finally {
      await runtime.dispose();
    }
  }, 120_000);

  it("dispose ends the process, and later calls throw `disposed`", async () => {
    const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
    const { pid } = await runtime.stats();
    await runtime.dispose();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(runtime.exec(add)).rejects.toMatchObject({ code: "disposed" });
  });

  it("a missing sandbox build is a clear error", async () => {
    await expect(PythonRuntime.start({ sandboxDir: join(cacheDir, "nowhere") })).rejects.toMatchObject({ code: "python_sandbox", message: expect.stringMatching(/npm run build/) });
    expect(existsSync(join(cacheDir, "nowhere"))).toBe(false);
  });
});
