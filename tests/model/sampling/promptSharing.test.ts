// How k samples get the evaluated prompt (copyPromptState): in memory on tracetune's build of the binding
// (`npm run build:llama-binding`), by default with llama.cpp's unified KV cache (the prompt's cells shared, no data
// copied) and with per-sequence streams when it is off; through a state file on node-llama-cpp's prebuilt one. The
// binding's tests run only where it is built (.ci/run builds it); the fallback's run everywhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LlamaContext, LlamaContextSequence, Token } from "node-llama-cpp";
import { getLlamaGpuTypes } from "node-llama-cpp";
import { disposeLlamas, loadedLlamaKeys } from "../../../native/models/loadLlama.js";
import { copyPromptState, isKvUnified } from "../../../native/sampling/copyPromptState.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { locateLlamaBinding } from "../../../native/sampling/loadBindingLlama.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

const bindingPath = await locateLlamaBinding();
const prompt = "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n";
let modelPath: string;
const open: LocalSamplingBackend[] = [];

beforeAll(async () => {
  modelPath = await ensureTestModel({ size: "tiny" });
});
afterEach(() => {
  delete process.env.TRACETUNE_LLAMA_BINDING;
});
afterAll(async () => {
  for (const backend of open) await backend.dispose();
  await disposeLlamas();
});

async function createBackend(options: { kvUnified?: boolean; parallelSequences?: number } = {}): Promise<LocalSamplingBackend> {
  const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 512, parallelSequences: options.parallelSequences ?? 4, threads: 1, kvUnified: options.kvUnified });
  open.push(backend);
  return backend;
}

async function greedy(sequence: LlamaContextSequence, lastToken: Token, count: number): Promise<Token[]> {
  const tokens: Token[] = [];
  for await (const token of sequence.evaluate([lastToken], { temperature: 0 })) {
    tokens.push(token);
    if (tokens.length === count) break;
  }
  return tokens;
}

/** The size of the whole context's state (llama_state_get_size): every KV cell once, with its sequence ids. */
const stateSize = (context: LlamaContext) => (context as unknown as { _ctx: { getStateSize(): number } })._ctx.getStateSize();

if (!bindingPath) console.warn("promptSharing: tracetune's binding is not built (npm run build:llama-binding): its in-memory copy tests are skipped.");

describe("prompt sharing", () => {
  it("shares through a state file on node-llama-cpp's prebuilt binding (TRACETUNE_LLAMA_BINDING=off)", async () => {
    process.env.TRACETUNE_LLAMA_BINDING = "off";
    const backend = await createBackend();
    expect(backend.binding).toBe("prebuilt");
    const shared = await backend.sample({ prompt, k: 4, temperature: 0, maxTokens: 8 });
    const single = await backend.sample({ prompt, k: 1, temperature: 0, maxTokens: 8 });
    expect(shared.completions.map((c) => c.text)).toEqual(Array(4).fill(single.completions[0].text));
    expect(backend.promptShares).toEqual({ copy: 0, stateFile: 3, evaluate: 0 });
  });

  it.skipIf(!bindingPath)("with gpu auto on a machine without GPU libraries, goes straight to tracetune's binding without loading the prebuilt one", async () => {
    if ((await getLlamaGpuTypes("supported")).some((type) => type !== false)) return; // a GPU machine probes its GPU first
    await disposeLlamas();
    const backend = await LocalSamplingBackend.create({ modelPath, gpu: "auto", contextSize: 512, parallelSequences: 2, threads: 1 });
    open.push(backend);
    expect(backend.binding).toBe("tracetune");
    expect(loadedLlamaKeys()).not.toContain("auto");
  });

  it.skipIf(!bindingPath)("copies the prompt in memory on tracetune's binding: the same greedy text, no state file", async () => {
    const backend = await createBackend();
    expect(backend.binding).toBe("tracetune");
    expect(backend.kvUnified).toBe(true);
    const shared = await backend.sample({ prompt, k: 4, temperature: 0, maxTokens: 8 });
    const single = await backend.sample({ prompt, k: 1, temperature: 0, maxTokens: 8 });
    expect(shared.completions.map((c) => c.text)).toEqual(Array(4).fill(single.completions[0].text));
    // Waves: k = 6 over 4 sequences copies from a holder sequence into all 6.
    const waves = await backend.sample({ prompt, k: 6, temperature: 0, maxTokens: 8 });
    expect(waves.completions.map((c) => c.text)).toEqual(Array(6).fill(single.completions[0].text));
    expect(backend.promptShares).toEqual({ copy: 3 + 6, stateFile: 0, evaluate: 0 });
  });

  it.skipIf(!bindingPath)("k = 8 on the unified KV cache gives what 8 separate evaluations give (greedy, and each sample's seed)", async () => {
    const backend = await createBackend({ parallelSequences: 8 });
    expect(backend.kvUnified).toBe(true);
    const greedyShared = await backend.sample({ prompt, k: 8, temperature: 0, maxTokens: 12 });
    const greedySingle = await backend.sample({ prompt, k: 1, temperature: 0, maxTokens: 12 });
    expect(greedyShared.completions.map((c) => c.text)).toEqual(Array(8).fill(greedySingle.completions[0].text));
    const seeded = await backend.sample({ prompt, k: 8, temperature: 1, topK: 0, topP: 1, maxTokens: 12, seed: 40 });
    const separate: string[] = [];
    for (let i = 0; i < 8; i++) separate.push((await backend.sample({ prompt, k: 1, temperature: 1, topK: 0, topP: 1, maxTokens: 12, seed: 40 + i })).completions[0].text);
    expect(seeded.completions.map((c) => c.text)).toEqual(separate);
    expect(new Set(separate).size).toBeGreaterThan(1); // the seeds matter: not 8 copies of one text
    expect(backend.promptShares).toEqual({ copy: 7 + 7, stateFile: 0, evaluate: 0 });
  });

  it.skipIf(!bindingPath)("shares the prompt's cells on the unified KV cache, and copies them between per-sequence streams", async () => {
    const sizes: Record<string, number> = {};
    for (const kvUnified of [true, false]) {
      const backend = await createBackend({ kvUnified });
      expect(backend.kvUnified).toBe(kvUnified);
      const context = await backend.model.createContext({ contextSize: 256, sequences: 4, threads: 1 });
      try {
        expect(isKvUnified(context)).toBe(kvUnified);
        const [source, ...targets] = [context.getSequence(), context.getSequence(), context.getSequence(), context.getSequence()];
        const prefix = backend.tokenize(prompt) as Token[];
        await source.evaluateWithoutGeneratingNewTokens(prefix);
        const before = stateSize(context);
        expect(await copyPromptState({ source, targets, prefix })).toEqual(["copy", "copy", "copy"]);
        sizes[String(kvUnified)] = stateSize(context) / before;
      } finally {
        await context.dispose();
      }
    }
    // Unified: the same cells, 3 more sequence ids each. Streams: four copies of the cells.
    expect(sizes.true).toBeLessThan(1.1);
    expect(sizes.false).toBeGreaterThan(3.5);
  });

  it.skipIf(!bindingPath).each([true, false])("copies only the first n tokens of a longer source, and the target continues as if it had evaluated them (kvUnified %s)", async (kvUnified) => {
    const backend = await createBackend({ kvUnified });
    const tokens = backend.tokenize(prompt) as Token[];
    const prefix = tokens.slice(0, -1);
    const context = await backend.model.createContext({ contextSize: 256, sequences: 3, threads: 1 });
    try {
      expect(isKvUnified(context)).toBe(kvUnified);
      const [longer, target, reference] = [context.getSequence(), context.getSequence(), context.getSequence()];
      await longer.evaluateWithoutGeneratingNewTokens([...prefix, ...backend.tokenize(" # and more") as Token[]]);
      await target.evaluateWithoutGeneratingNewTokens(backend.tokenize("something else entirely") as Token[]);
      expect(await copyPromptState({ source: longer, targets: [target], prefix })).toEqual(["copy"]);
      expect(target.nextTokenIndex).toBe(prefix.length);
      expect(target.contextTokens).toEqual(prefix);
      await reference.evaluateWithoutGeneratingNewTokens(prefix);
      expect(await greedy(target, tokens.at(-1)!, 8)).toEqual(await greedy(reference, tokens.at(-1)!, 8));
    } finally {
      await context.dispose();
    }
  });
});
