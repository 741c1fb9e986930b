import { afterAll, describe, expect, it } from "vitest";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { physicalCoreCount } from "../../../native/models/physicalCoreCount.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

afterAll(async () => {
  await disposeLlamas();
});

describe("the evaluation thread count is chosen by measurement, not by core count", () => {
  it.skipIf(physicalCoreCount() < 2)("measures 1 thread and the physical cores, keeps the fastest per token, and samples with it", async () => {
    const backend = await LocalSamplingBackend.create({ modelPath: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, parallelSequences: 2 });
    try {
      const { threadChoice } = backend;
      expect(threadChoice.reason).toBe("measured");
      expect(threadChoice.measurements.map((m) => m.threads)).toEqual([...new Set([1, Math.floor(physicalCoreCount() / 2), physicalCoreCount()])].filter((n) => n >= 1).sort((a, b) => a - b));
      const finite = threadChoice.measurements.filter((m) => m.msPerToken !== null);
      expect(finite.length).toBeGreaterThan(0);
      const fastest = finite.reduce((a, b) => (b.msPerToken! < a.msPerToken! ? b : a));
      expect(threadChoice.threads).toBe(fastest.threads);
      expect(backend.settings.threads).toBe(fastest.threads);
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
});
