// `npm run bench -- sampling`: k-sample throughput of LocalSamplingBackend (shared prompt + lockstep decoding)
// against k naive LlamaCompletion calls run in parallel (each evaluates the whole prompt on its own sequence),
// on the generated ~100M-parameter Q4_0 model with a ~1.5k-token prompt. Prints one table; see docs/benchmarks.md.
// Env: BENCH_KS (1,4,8), BENCH_PROMPT_TOKENS (1500), BENCH_MAX_TOKENS (64), BENCH_THREADS (physical cores).
import os from "node:os";
import { LlamaCompletion, readGgufFileInfo } from "node-llama-cpp";
import { kvCacheBytesPerSequence } from "../../native/models/estimateModelMemory.js";
import { loadLlama, disposeLlamas } from "../../native/models/loadLlama.js";
import { physicalCoreCount } from "../../native/models/physicalCoreCount.js";
import { LocalSamplingBackend } from "../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel } from "../model/gguf/ensureTestModel.js";

const KS = (process.env.BENCH_KS ?? "1,4,8").split(",").map(Number);
const PROMPT_TOKENS = Number(process.env.BENCH_PROMPT_TOKENS ?? 1500);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 64);
const SETTINGS = { temperature: 0.8, topK: 40, topP: 0.95 };
const threads = Number(process.env.BENCH_THREADS ?? physicalCoreCount());

const modelPath = await ensureTestModel({ size: "bench" });
const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 2048, parallelSequences: 8, threads });
const model = backend.model;

// A code-like prompt cut to PROMPT_TOKENS tokens of this model's vocabulary.
const source = Array.from({ length: 400 }, (_, i) => `def f${i}(x):\n    return x * ${i} + ${i % 7}  # step ${i}\n`).join("");
const prompt = model.detokenize(model.tokenize(source).slice(0, PROMPT_TOKENS));
const promptTokens = model.tokenize(prompt).length;

async function naive(k: number): Promise<{ ms: number; tokens: number }> {
  const context = await model.createContext({ contextSize: 2048, sequences: k, threads });
  try {
    const started = performance.now();
    let tokens = 0;
    await Promise.all(
      Array.from({ length: k }, (_, i) =>
        new LlamaCompletion({ contextSequence: context.getSequence() }).generateCompletionWithMeta(prompt, { ...SETTINGS, maxTokens: MAX_TOKENS, seed: 1 + i, repeatPenalty: false, onToken: (t) => void (tokens += t.length) }),
      ),
    );
    return { ms: performance.now() - started, tokens };
  } finally {
    await context.dispose();
  }
}

async function lockstep(k: number): Promise<{ ms: number; tokens: number }> {
  const started = performance.now();
  const result = await backend.sample({ prompt, k, ...SETTINGS, maxTokens: MAX_TOKENS, seed: 1 });
  return { ms: performance.now() - started, tokens: result.completions.reduce((sum, c) => sum + c.tokens, 0) };
}

console.log(`load average before: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (${os.cpus().length} logical CPUs)`);
console.log(`model ${modelPath}\n${backend.info.parameterCount.toLocaleString()} parameters, ${backend.info.quantization}, prompt ${promptTokens} tokens, maxTokens ${MAX_TOKENS}, threads ${threads}, backend ${backend.backend}`);
await lockstep(1); // warm-up: first context allocation and page-in of the weights
console.log("\n k | naive wall s | naive tok/s | lockstep wall s | lockstep tok/s | speed-up");
for (const k of KS) {
  const n = await naive(k);
  const l = await lockstep(k);
  const tps = (r: { ms: number; tokens: number }) => (r.tokens / (r.ms / 1000)).toFixed(1);
  console.log(`${String(k).padStart(2)} | ${(n.ms / 1000).toFixed(2).padStart(12)} | ${tps(n).padStart(11)} | ${(l.ms / 1000).toFixed(2).padStart(15)} | ${tps(l).padStart(14)} | ${(n.ms / l.ms).toFixed(2)}×`);
}

const fileInfo = await readGgufFileInfo(modelPath);
const kvPerSequence = kvCacheBytesPerSequence(fileInfo, 2048);
const llama = await loadLlama({ gpu: "cpu" });
const one = await model.createContext({ contextSize: 2048, sequences: 1, threads });
const eight = await model.createContext({ contextSize: 2048, sequences: 8, threads });
const measured = (eight.memoryUsage.ram - one.memoryUsage.ram) / 7;
await one.dispose();
await eight.dispose();
console.log(`\nKV cache per sequence (2048 tokens, f16): ${(kvPerSequence / 2 ** 20).toFixed(1)} MiB from the header; a context's allocated RAM grows ${(measured / 2 ** 20).toFixed(1)} MiB per extra sequence (llama ${llama.gpu || "cpu"}).`);
console.log(`prompt sharing: ${JSON.stringify(backend.promptShares)} (copy = in-memory seq_cp, stateFile = saved/loaded KV state, evaluate = no sharing)`);
console.log(`load average after: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
await backend.dispose();
await disposeLlamas();
