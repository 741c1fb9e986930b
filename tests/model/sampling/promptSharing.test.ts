// How k samples get the evaluated prompt (copyPromptState): in memory on tracetune's build of the binding
// (`npm run build:llama-binding`), through a state file on node-llama-cpp's prebuilt one. The binding's tests
// run only where it is built (.ci/run builds it); the fallback's run everywhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { copyPromptState } from "../../../native/sampling/copyPromptState.js";
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

async function createBackend(): Promise<LocalSamplingBackend> {
  const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 512, parallelSequences: 4, threads: 1 });
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

  it.skipIf(!bindingPath)("copies the prompt in memory on tracetune's binding: the same greedy text, no state file", async () => {
    const backend = await createBackend();
    expect(backend.binding).toBe("tracetune");
    const shared = await backend.sample({ prompt, k: 4, temperature: 0, maxTokens: 8 });
    const single = await backend.sample({ prompt, k: 1, temperature: 0, maxTokens: 8 });
    expect(shared.completions.map((c) => c.text)).toEqual(Array(4).fill(single.completions[0].text));
    // Waves: k = 6 over 4 sequences copies from a holder sequence into all 6.
    const waves = await backend.sample({ prompt, k: 6, temperature: 0, maxTokens: 8 });
    expect(waves.completions.map((c) => c.text)).toEqual(Array(6).fill(single.completions[0].text));
    expect(backend.promptShares).toEqual({ copy: 3 + 6, stateFile: 0, evaluate: 0 });
  });

  it.skipIf(!bindingPath)("copies only the first n tokens of a longer source, and the target continues as if it had evaluated them", async () => {
    const backend = await createBackend();
    const tokens = backend.tokenize(prompt) as Token[];
    const prefix = tokens.slice(0, -1);
    const context = await backend.model.createContext({ contextSize: 256, sequences: 3, threads: 1 });
    try {
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
