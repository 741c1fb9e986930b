// One evaluation thread: the tiny model is overhead-bound, and tests share 2 cores with other suites (spin-waiting ggml threads slow down badly under contention).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { ensureTestAdapter, ensureTestModel } from "../gguf/ensureTestModel.js";

let modelPath: string;
let backend: LocalSamplingBackend;

beforeAll(async () => {
  modelPath = await ensureTestModel({ size: "tiny" });
  backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 1024, parallelSequences: 4, threads: 1 });
});
afterAll(async () => {
  await backend.dispose();
  await disposeLlamas();
});

const texts = (result: { completions: Array<{ text: string }> }) => result.completions.map((c) => c.text);

describe("LocalSamplingBackend", () => {
  it("draws k distinct completions, each with its own seed, token count and finish reason", async () => {
    const result = await backend.sample({ prompt: "def add(a, b):", k: 4, temperature: 1, maxTokens: 12, seed: 10 });
    expect(result.completions.map((c) => [c.index, c.seed])).toEqual([[0, 10], [1, 11], [2, 12], [3, 13]]);
    expect(new Set(texts(result)).size).toBe(4);
    for (const c of result.completions) {
      expect(c.tokens).toBeGreaterThan(0);
      expect(c.tokens).toBeLessThanOrEqual(12);
      expect(c.finishReason === "maxTokens" ? c.tokens === 12 : c.finishReason === "eos").toBe(true);
    }
    expect(result.promptTokens).toBe(backend.tokenize("def add(a, b):").length);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
  });

  it("evaluates the prompt once and shares its state: greedy copies equal a single evaluation", async () => {
    const before = { ...backend.promptShares };
    const prompt = "def fib(n):\n    if n < 2:\n        return n\n";
    const shared = await backend.sample({ prompt, k: 3, temperature: 0, maxTokens: 10 });
    const single = await backend.sample({ prompt, k: 1, temperature: 0, maxTokens: 10 });
    expect(texts(shared)).toEqual(Array(3).fill(single.completions[0].text));
    expect(backend.promptShares.evaluate).toBe(before.evaluate);
    expect(backend.promptShares.copy + backend.promptShares.stateFile).toBe(before.copy + before.stateFile + 2);
  });

  it("gives the same samples for the same seed, and completion i depends only on seed + i", async () => {
    const request = { prompt: "The quick brown fox", temperature: 0.9, maxTokens: 10 };
    const a = await backend.sample({ ...request, k: 3, seed: 4 });
    const b = await backend.sample({ ...request, k: 3, seed: 4 });
    expect(texts(b)).toEqual(texts(a));
    const shifted = await backend.sample({ ...request, k: 1, seed: 5 });
    expect(shifted.completions[0].text).toBe(a.completions[1].text);
  });

  it("runs k above the parallel sequences in waves with the same per-index results", async () => {
    const request = { prompt: "for i in range(10):", temperature: 0.9, maxTokens: 8, seed: 21 };
    const many = await backend.sample({ ...request, k: 10 });
    const few = await backend.sample({ ...request, k: 4 });
    expect(many.completions.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(texts(many).slice(0, 4)).toEqual(texts(few));
    expect(new Set(texts(many)).size).toBe(10);
  });

  it("forces a known completion through the real pipeline with a GBNF grammar", async () => {
    const result = await backend.sample({ prompt: "Answer:", k: 3, grammar: 'root ::= "The answer is 42."', maxTokens: 40, seed: 1 });
    expect(result.completions.map((c) => [c.text, c.finishReason])).toEqual(Array(3).fill(["The answer is 42.", "eos"]));
  });

  it("cuts at a stop string and never streams text that the stop removes", async () => {
    const streamed = new Map<number, string>();
    const result = await backend.sample(
      { prompt: "x =", k: 2, grammar: 'root ::= "alpha" [0-9] "STOP" "omega"', stop: ["STOP"], maxTokens: 40, seed: 3 },
      { onTokens: (index, text) => streamed.set(index, (streamed.get(index) ?? "") + text) },
    );
    for (const c of result.completions) {
      expect(c.text).toMatch(/^alpha[0-9]$/);
      expect(c.finishReason).toBe("stop");
      expect(streamed.get(c.index)).toBe(c.text);
    }
  });

  it("renders chat messages with the model's own template", async () => {
    const messages = [{ role: "system" as const, content: "Be brief." }, { role: "user" as const, content: "Hi" }];
    const result = await backend.sample({ messages, k: 1, grammar: 'root ::= "Hello"', maxTokens: 10, seed: 1 });
    const rendered = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
    // node-llama-cpp's ChatML wrapper starts the context with the BOS token (<|endoftext|> here).
    expect(result.promptTokens).toBe(backend.model.tokenize(`<|endoftext|>${rendered}`, true).length);
    expect(result.completions[0].text).toBe("Hello");
  });

  it("stops every completion when cancelled mid-way and keeps what was generated", async () => {
    const controller = new AbortController();
    let pieces = 0;
    const result = await backend.sample(
      { prompt: "Once upon a time", k: 3, temperature: 1, maxTokens: 900, seed: 2 },
      { signal: controller.signal, onTokens: () => (++pieces === 5 ? controller.abort() : undefined) },
    );
    expect(result.completions).toHaveLength(3);
    for (const c of result.completions) {
      expect(["cancelled", "eos"]).toContain(c.finishReason);
      expect(c.tokens).toBeLessThan(900);
    }
    expect(result.completions.some((c) => c.finishReason === "cancelled")).toBe(true);
  });

  it("refuses bad requests naming the field", async () => {
    await expect(backend.sample({ prompt: "x", k: 0 })).rejects.toMatchObject({ code: "invalid_input", details: { field: "k" } });
    await expect(backend.sample({ prompt: "x", messages: [{ role: "user", content: "y" }], k: 1 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(backend.sample({ prompt: "x", k: 1, topP: 2 })).rejects.toMatchObject({ details: { field: "topP" } });
    await expect(backend.sample({ prompt: "x", k: 1, grammar: "root ::= (" })).rejects.toMatchObject({ code: "invalid_input", details: { field: "grammar" } });
    await expect(backend.sample({ prompt: "x", k: 1, maxTokens: 5000 })).rejects.toMatchObject({ code: "invalid_input", details: { field: "maxTokens" } });
  });

  it("applies LoRA adapters: each adapter file changes greedy output differently", async () => {
    const request = { prompt: "import numpy as np", k: 1, temperature: 0, maxTokens: 12, seed: 1 };
    const plain = (await backend.sample(request)).completions[0].text;
    const outputs: string[] = [];
    for (const variant of [0, 1]) {
      const adapted = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 256, threads: 1, loraAdapters: [await ensureTestAdapter({ variant })] });
      try {
        outputs.push((await adapted.sample(request)).completions[0].text);
      } finally {
        await adapted.dispose();
      }
    }
    expect(outputs[0]).not.toBe(plain);
    expect(outputs[1]).not.toBe(outputs[0]);
  });

  it("refuses an adapter path that is not an adapter, and use after dispose", async () => {
    await expect(LocalSamplingBackend.create({ modelPath, loraAdapters: [modelPath] })).rejects.toMatchObject({ code: "invalid_input", details: { field: "loraAdapters" } });
    const short = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 128 });
    await short.dispose();
    await expect(short.sample({ prompt: "x", k: 1 })).rejects.toMatchObject({ code: "disposed" });
  });
});
