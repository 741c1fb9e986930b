// `npm run bench -- tracerOverhead`: what tracing costs (issue 14), CPU time in one process, A/B.
// Pyodide interpreters loaded in this process run the worker's judged runner exactly as the sandbox worker
// drives it (judgedRunner.ts). For each program: untraced = a `run` of the program plus the call; traced = a
// `trace` of the call with the default caps. Figures are process CPU time (process.cpuUsage: Python and the
// worker's JSON work), best of ROUNDS (noise on a shared machine only adds time).
// A/B: BENCH_TRACER_A=path/to/old/tracer.py loads a second interpreter with that tracer.py instead of today's,
// checks both give the same steps on every program, and prints both. Env: BENCH_ROUNDS (default 7).
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadPyodide } from "pyodide";
import { defaultExecLimits, defaultTraceCaps } from "../../native/python/common/execTypes.js";
import { createJudgedRunner } from "../../native/python/worker/judgedRunner.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const worker = join(import.meta.dirname, "../../native/python/worker");
const names = ["sandboxGuard", "testRunner", "tracer", "runner", "judgeWorld", "judge"];

async function judgedRunner(tracerFile: string) {
  const source = names.map((name) => readFileSync(name === "tracer" ? tracerFile : join(worker, `${name}.py`), "utf8")).join("\n");
  const pyodide = await loadPyodide({ jsglobals: Object.create(null), stdout: () => {}, stderr: () => {} });
  pyodide.runPython(`_tracetune_runner = {}\nexec(compile(${JSON.stringify(source)}, "<tracetune-runner>", "exec"), _tracetune_runner)\n`);
  const runner = pyodide.globals.get("_tracetune_runner");
  pyodide.runPython("del _tracetune_runner");
  const runJob = createJudgedRunner(pyodide, runner);
  return (request: string) => runJob(request).result;
}

const loop = `def f(n):\n    total = 0\n    seen = []\n    for i in range(n):\n        x = i * i % 7\n        if x > 3:\n            total += x\n        else:\n            total -= 1\n    return total\n`;
const nested = `def g(n):\n    grid = []\n    for r in range(n):\n        row = []\n        for c in range(n):\n            row.append(r * c % 5)\n        grid.append(sum(row))\n    return grid[-1]\n`;
const recursive = `def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n`;
const strings = `def h(words):\n    out = ''\n    counts = {}\n    for w in words:\n        counts[w] = counts.get(w, 0) + 1\n        if counts[w] == 1:\n            out += w[0]\n    return out, len(counts)\n`;
const programs: Array<{ name: string; program: string; call: string }> = [
  { name: "loop f(20000) (python bench)", program: loop, call: "f(20000)" },
  { name: "nested loops g(150)", program: nested, call: "g(150)" },
  { name: "recursion fib(17)", program: recursive, call: "fib(17)" },
  { name: "dict+str h(5000 words)", program: strings, call: "h([str(i % 997) for i in range(5000)])" },
];

const limits = { ...defaultExecLimits };
const runRequest = (p: { program: string; call: string }) => JSON.stringify({ op: "run", program: `${p.program}${p.call}\n`, tests: null, setup: "", limits, nonce: "n", testSeed: 1 });
const traceRequest = (p: { program: string; call: string }) => JSON.stringify({ op: "trace", program: p.program, call: p.call, setup: "", limits, caps: defaultTraceCaps, nonce: "" });
const cpuMs = (run: (request: string) => string, request: string) => {
  const start = process.cpuUsage();
  run(request);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const best = (run: (request: string) => string, request: string) => Math.min(...Array.from({ length: ROUNDS }, () => cpuMs(run, request)));

const sides: Array<[string, (request: string) => string]> = [];
if (process.env.BENCH_TRACER_A) sides.push([`A (${process.env.BENCH_TRACER_A})`, await judgedRunner(process.env.BENCH_TRACER_A)]);
sides.push(["B (native/python/worker/tracer.py)", await judgedRunner(join(worker, "tracer.py"))]);

if (sides.length === 2) {
  for (const p of programs) {
    const [a, b] = sides.map(([, run]) => JSON.parse(run(traceRequest(p))) as { steps: unknown[] });
    if (JSON.stringify(a.steps) !== JSON.stringify(b.steps)) console.log(`STEPS DIFFER: ${p.name}`);
  }
}
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (${cpus().length} cores); rounds: ${ROUNDS}; caps: default`);
for (const p of programs) {
  for (const [side, run] of sides) {
    for (let warm = 0; warm < 2; warm++) { run(runRequest(p)); run(traceRequest(p)); }
    const untraced = best(run, runRequest(p));
    const traced = best(run, traceRequest(p));
    const steps = (JSON.parse(run(traceRequest(p))) as { steps: unknown[] }).steps.length;
    console.log(`${p.name.padEnd(30)} ${side.padEnd(36)} untraced ${untraced.toFixed(1).padStart(7)} ms  traced ${traced.toFixed(1).padStart(7)} ms  ${(traced / untraced).toFixed(1).padStart(5)}x  (${steps} steps)`);
  }
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}   goal: traced / untraced <= 8x (reach for 5x)`);
