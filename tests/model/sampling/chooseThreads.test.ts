import { afterAll, describe, expect, it } from "vitest";
import type { BarrierSpin, ThreadChoice } from "../../../native/api/modelsApi.js";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { physicalCoreCount } from "../../../native/models/physicalCoreCount.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

afterAll(async () => {
  await disposeLlamas();
});

/** The candidates measured for these thread counts: on tracetune's binding (decode thread on) each count above 1 twice, throttled then full. */
function expectedCandidates(counts: number[], canSetSpin: boolean): Array<{ threads: number; spin?: BarrierSpin }> {
  return [...new Set(counts)].filter((n) => n >= 1).sort((a, b) => a - b).flatMap((threads) => threads > 1 && canSetSpin ? [{ threads, spin: "throttled" as const }, { threads, spin: "full" as const }] : [{ threads }]);
}

/** The measured candidate with the fewest ms per token (abandoned ones are null). */
function fastest(choice: ThreadChoice): ThreadChoice["measurements"][number] {
  const finite = choice.measurements.filter((m) => m.msPerToken !== null);
  expect(finite.length).toBeGreaterThan(0);
  return finite.reduce((a, b) => (b.msPerToken! < a.msPerToken! ? b : a));
}

const canSetSpin = (backend: LocalSamplingBackend) => backend.binding === "tracetune" && process.env.TRACETUNE_LLAMA_DECODE_THREAD !== "off";

describe("the evaluation thread count is chosen by measurement, not by core count", () => {
  it.skipIf(physicalCoreCount() < 2)("measures 1 thread and the physical cores (each with both barrier spins where it can set them), keeps the fastest per token, and samples with it", async () => {
    const backend = await LocalSamplingBackend.create({ modelPath: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, parallelSequences: 2 });
    try {
      const { threadChoice } = backend;
      expect(threadChoice.reason).toBe("measured");
      expect(threadChoice.measurements.map(({ threads, spin }) => ({ threads, ...(spin ? { spin } : {}) }))).toEqual(expectedCandidates([1, Math.floor(physicalCoreCount() / 2), physicalCoreCount()], canSetSpin(backend)));
      const best = fastest(threadChoice);
      expect(threadChoice.threads).toBe(best.threads);
      expect(backend.settings.threads).toBe(best.threads);
      // One thread has no barriers: it keeps the throttled spin, so a stray pool never spins.
      expect(threadChoice.spin).toBe(canSetSpin(backend) ? best.spin ?? "throttled" : undefined);
      const result = await backend.sample({ prompt: "def f(x):", k: 2, maxTokens: 8, seed: 1 });
      expect(result.completions.every((c) => c.tokens > 0)).toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  it("keeps a thread count the user set, and says so", async () => {
    const backend = await LocalSamplingBackend.create({ modelPath: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, parallelSequences: 1, threads: 1 });
    try {
      expect(backend.threadChoice).toEqual({ threads: 1, reason: "set", measurements: [] });
    } finally {
      await backend.dispose();
    }
  });

  it("with a thread count set above 1, measures only the barrier spin on tracetune's binding and keeps the faster", async () => {
    const backend = await LocalSamplingBackend.create({ modelPath: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, parallelSequences: 2, threads: 2 });
    try {
      const { threadChoice } = backend;
      expect(threadChoice.threads).toBe(2);
      expect(threadChoice.reason).toBe("set");
      if (!canSetSpin(backend)) {
        expect(threadChoice).toEqual({ threads: 2, reason: "set", measurements: [] });
        return;
      }
      expect(threadChoice.measurements.map(({ threads, spin }) => ({ threads, spin }))).toEqual(expectedCandidates([2], true));
      expect(threadChoice.spin).toBe(fastest(threadChoice).spin);
      const result = await backend.sample({ prompt: "def f(x):", k: 2, maxTokens: 8, seed: 1 });
      expect(result.completions.every((c) => c.tokens > 0)).toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  it("measures the barrier spin again before a request once the measurement is older than spinRemeasureMs", async () => {
    const modelPath = await ensureTestModel({ size: "tiny" });
    for (const spinRemeasureMs of [0, Infinity]) {
      const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 512, parallelSequences: 1, threads: 2, spinRemeasureMs });
      try {
        if (!canSetSpin(backend)) return;
        const atLoad = backend.threadChoice;
        await backend.sample({ prompt: "def f(x):", k: 1, maxTokens: 4, seed: 1 });
        const after = backend.threadChoice;
        expect(after.measurements.map((m) => m.spin)).toEqual(["throttled", "full"]);
        expect(after.spin).toBe(fastest(after).spin);
        // Fresh timings (two float measurements that repeat exactly would be a coincidence) only when due.
        if (spinRemeasureMs === 0) expect(after.measurements).not.toEqual(atLoad.measurements);
        else expect(after).toBe(atLoad);
      } finally {
        await backend.dispose();
      }
    }
  });

  it("on node-llama-cpp's prebuilt binding (TRACETUNE_LLAMA_BINDING=off) measures thread counts alone, as before", async () => {
    process.env.TRACETUNE_LLAMA_BINDING = "off";
    try {
      const backend = await LocalSamplingBackend.create({ modelPath: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, parallelSequences: 1, threads: 2 });
      try {
        expect(backend.binding).toBe("prebuilt");
        expect(backend.threadChoice).toEqual({ threads: 2, reason: "set", measurements: [] });
        expect((await backend.sample({ prompt: "def f(x):", k: 1, maxTokens: 4, seed: 1 })).completions[0].tokens).toBeGreaterThan(0);
      } finally {
        await backend.dispose();
      }
    } finally {
      delete process.env.TRACETUNE_LLAMA_BINDING;
    }
  });
});
