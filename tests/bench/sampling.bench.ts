// `npm run bench -- sampling` (issue 14): the app's local sampler, its naive path and llama.cpp's own
// `llama-batched-bench` (built from the same release by `npm run build:llama-tools`), side by side in one run on
// the same generated model, prompt length and shape.
// - llama.cpp: `llama-batched-bench -npp P -ntg 64 -npl 1,8 -pps -kvu -t T`, its total `T s` per batch size
//   (prompt evaluated once, shared through the unified KV cache; it decodes without sampling).
// - the app: `LocalSamplingBackend.sample` (what `tracetune sample` runs), its `elapsedMs` (request reaching the
//   loaded model → last detokenised token), temperature 0.8, top-k 40, top-p 0.95.
// - naive: k node-llama-cpp `LlamaCompletion` calls in parallel on k sequences (each evaluates the prompt).
// Median of BENCH_ROUNDS (default 3) interleaved rounds; the load average is printed before, during and after.
// - where tracetune's binding is built (`npm run build:llama-binding`, in-memory prompt copy), the app runs on it;
//   TRACETUNE_LLAMA_BINDING=off runs node-llama-cpp's prebuilt one instead (state files). BENCH_AB=1 also runs the
//   prebuilt one in this process, alternated; not a clean A/B (the OpenMP threads of one binding spin while the
//   other runs), so compare two runs instead (docs/benchmarks.md). On tracetune's binding the sampler runs with
//   llama.cpp's unified KV cache like the bench's `-kvu` (TRACETUNE_KV_UNIFIED=off: one KV stream per sequence);
//   BENCH_AB=kv alternates it in this process with the same binding on per-sequence streams (a clean A/B: one
//   binding, one OpenMP runtime), printed as the "other" rows. Every decode runs on one thread of the
//   binding (one OpenMP pool; TRACETUNE_LLAMA_DECODE_THREAD=off: on libuv's threads), and the barrier spin (full:
//   faster idle; throttled: faster on busy cores) is measured at load with the threads (chooseThreads), printed.
// Env: BENCH_MODEL (bench|bench32k|bench152k, default bench32k), BENCH_THREADS (default 2), BENCH_PROMPT_TOKENS
// (default 1561), BENCH_ROUNDS, BENCH_NAIVE=0 to skip the naive path.
import { execFileSync, spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { LlamaCompletion } from "node-llama-cpp";
import { disposeLlamas } from "../../native/models/loadLlama.js";
import { LocalSamplingBackend } from "../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel, type TestModelSize } from "../model/gguf/ensureTestModel.js";

const size = (process.env.BENCH_MODEL ?? "bench32k") as TestModelSize;
const threads = Number(process.env.BENCH_THREADS ?? 2);
const PROMPT_TOKENS = Number(process.env.BENCH_PROMPT_TOKENS ?? 1561);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const withNaive = process.env.BENCH_NAIVE !== "0";
const NEW_TOKENS = 64;
const SETTINGS = { temperature: 0.8, topK: 40, topP: 0.95 };
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const cli = join(import.meta.dirname, "../../bin/tracetune.mjs");
const tools = JSON.parse(execFileSync(process.execPath, [cli, "engines", "tools", "--json"], { encoding: "utf8" }));
const batchedBench: string | null = tools.binaries?.["llama-batched-bench"] ?? null;
if (!batchedBench) {
  console.error("sampling bench: llama-batched-bench is not built; run `npm run build:llama-tools` first.");
  process.exit(1);
}

const modelPath = await ensureTestModel({ size });
const contextSize = Math.ceil((PROMPT_TOKENS + NEW_TOKENS + 1) / 256) * 256;
const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize, parallelSequences: 8, threads });
const model = backend.model;
// The same sampler on node-llama-cpp's prebuilt binding (BENCH_AB=1), or on tracetune's binding with per-sequence
// KV streams (BENCH_AB=kv), for the A/B where tracetune's binding with the unified KV cache is the default.
let prebuilt: LocalSamplingBackend | null = null;
let otherLabel = "";
if (backend.binding === "tracetune" && process.env.BENCH_AB === "1") {
  process.env.TRACETUNE_LLAMA_BINDING = "off";
  prebuilt = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize, parallelSequences: 8, threads });
  delete process.env.TRACETUNE_LLAMA_BINDING;
  otherLabel = "prebuilt binding";
} else if (backend.kvUnified && process.env.BENCH_AB === "kv") {
  prebuilt = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize, parallelSequences: 8, threads, kvUnified: false });
  otherLabel = "per-sequence KV streams";
}
// Code-like text cut to exactly PROMPT_TOKENS tokens of this model's tokenizer.
const source = Array.from({ length: 800 }, (_, i) => `def f${i}(x):\n    return x * ${i} + ${i % 7}  # step ${i}\n`).join("");
const prompt = model.detokenize(model.tokenize(source, false).slice(0, PROMPT_TOKENS));

/** llama-batched-bench's total time per batch size, from its table rows (`| PP | TG | B | N_KV | ... | T s | S t/s |`). */
function runBatchedBench(): Map<number, number> {
  const args = ["-m", modelPath, "-c", String(contextSize * 8), "-npp", String(PROMPT_TOKENS), "-ntg", String(NEW_TOKENS), "-npl", "1,8", "-pps", "-kvu", "-t", String(threads)];
  const out = spawnSync(batchedBench!, args, { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`llama-batched-bench failed: ${(out.stderr ?? "").slice(-2000)}`);
  const totals = new Map<number, number>();
  for (const line of out.stdout.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim()).filter(Boolean);
    if (cells.length >= 10 && /^\d+$/.test(cells[2])) totals.set(Number(cells[2]), Number(cells[8]) * 1000);
  }
  if (!totals.has(1) || !totals.has(8)) throw new Error(`llama-batched-bench printed no rows for B = 1 and 8:\n${out.stdout.slice(-2000)}`);
  return totals;
}

async function runApp(k: number, on: LocalSamplingBackend = backend): Promise<number> {
  const result = await on.sample({ prompt, k, ...SETTINGS, maxTokens: NEW_TOKENS, seed: 1 });
  const short = result.completions.filter((c) => c.tokens !== NEW_TOKENS).length;
  if (short > 0) console.log(`  note: ${short} completion(s) ended before ${NEW_TOKENS} tokens`);
  return result.elapsedMs;
}

async function runNaive(k: number): Promise<number> {
  const context = await model.createContext({ contextSize, sequences: k, threads });
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: k }, (_, i) =>
      new LlamaCompletion({ contextSequence: context.getSequence() }).generateCompletion(prompt, { ...SETTINGS, maxTokens: NEW_TOKENS, seed: 1 + i, repeatPenalty: false })));
    return performance.now() - started;
  } finally {
    await context.dispose();
  }
}

const vocabulary = (await (await import("node-llama-cpp")).readGgufFileInfo(modelPath)).metadata.tokenizer.ggml.tokens.length;
console.log(`vocabulary ${vocabulary.toLocaleString()} tokens`);
console.log(`model ${size}: ${modelPath}\n${backend.info.parameterCount.toLocaleString()} parameters, ${backend.info.quantization}, prompt ${PROMPT_TOKENS} tokens; ${NEW_TOKENS} new tokens; ${threads} threads; ${rounds} interleaved rounds`);
console.log(`load average before: ${load()} (${cpus().length} logical CPUs)`);
console.log(`the app's binding: ${backend.binding}, KV cache ${backend.kvUnified ? "unified" : "one stream per sequence"}, decode thread ${backend.binding === "tracetune" && process.env.TRACETUNE_LLAMA_DECODE_THREAD !== "off" ? "on" : "off"}, barrier spin ${backend.threadChoice.spin ?? "not chosen"} (measured: ${backend.threadChoice.measurements.map((m) => `${m.threads}${m.spin ? ` ${m.spin}` : ""} ${m.msPerToken === null ? "too slow" : `${m.msPerToken.toFixed(1)} ms/token`}`).join(", ") || "-"})${prebuilt ? ` (and the same sampler with the ${otherLabel}, alternated)` : ""}`);
await runApp(1); // warm-up: context allocation and page-in of the weights
if (prebuilt) await runApp(1, prebuilt);
const times = { engine1: [] as number[], engine8: [] as number[], app1: [] as number[], app8: [] as number[], prebuilt1: [] as number[], prebuilt8: [] as number[], naive8: [] as number[] };
for (let round = 1; round <= rounds; round++) {
  const engine = runBatchedBench();
  times.engine1.push(engine.get(1)!);
  times.engine8.push(engine.get(8)!);
  // Alternate which binding goes first, so neither always runs right after llama-batched-bench.
  const order = prebuilt && round % 2 === 0 ? ["prebuilt", "app"] as const : ["app", "prebuilt"] as const;
  for (const which of order) {
    if (which === "app") {
      times.app1.push(await runApp(1));
      times.app8.push(await runApp(8));
    } else if (prebuilt) {
      times.prebuilt1.push(await runApp(1, prebuilt));
      times.prebuilt8.push(await runApp(8, prebuilt));
    }
  }
  if (withNaive) times.naive8.push(await runNaive(8));
  const last = (values: number[]) => (values.length ? `${(values.at(-1)! / 1000).toFixed(2)} s` : "-");
  const prebuiltPart = prebuilt ? ` | ${otherLabel} k=1 ${last(times.prebuilt1)}, k=8 ${last(times.prebuilt8)}` : "";
  console.log(`  round ${round}: llama.cpp k=1 ${last(times.engine1)}, k=8 ${last(times.engine8)} | app k=1 ${last(times.app1)}, k=8 ${last(times.app8)}${prebuiltPart} | naive k=8 ${last(times.naive8)} (load ${load()})`);
}
const m = Object.fromEntries(Object.entries(times).map(([key, values]) => [key, values.length ? median(values) : NaN])) as Record<keyof typeof times, number>;
const s = (ms: number) => (Number.isNaN(ms) ? "-" : `${(ms / 1000).toFixed(2)} s`);
console.log("\n| | llama-batched-bench | the app | ratio | goal | naive path |");
console.log("|---|---|---|---|---|---|");
console.log(`| k = 1 | ${s(m.engine1)} | ${s(m.app1)} | ${(m.app1 / m.engine1).toFixed(2)}× | ≤ 1.10× | |`);
console.log(`| k = 8, prompt shared | ${s(m.engine8)} | ${s(m.app8)} | ${(m.app8 / m.engine8).toFixed(2)}× | ≤ 1.25× | ${Number.isNaN(m.naive8) ? "not run" : `${s(m.naive8)} (${(m.naive8 / m.engine8).toFixed(2)}×)`} |`);
if (prebuilt) {
  console.log(`| k = 1, ${otherLabel} | ${s(m.engine1)} | ${s(m.prebuilt1)} | ${(m.prebuilt1 / m.engine1).toFixed(2)}× | | |`);
  console.log(`| k = 8, ${otherLabel} | ${s(m.engine8)} | ${s(m.prebuilt8)} | ${(m.prebuilt8 / m.engine8).toFixed(2)}× | | |`);
}
console.log(`prompt sharing (${backend.binding} binding): ${JSON.stringify(backend.promptShares)} (copy = in-memory seq_cp, stateFile = saved/loaded KV state, evaluate = no sharing)`);
if (prebuilt) console.log(`prompt sharing (${otherLabel}): ${JSON.stringify(prebuilt.promptShares)}`);
console.log(`load average after: ${load()}`);
await backend.dispose();
await prebuilt?.dispose();
await disposeLlamas();
