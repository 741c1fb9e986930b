// `npm run bench -- integrity`: what verdict integrity (issue 10) costs the runner per sample, A/B in one process.
// A: the runner as it was before (tests/bench/runnerBeforeIntegrity/, copied from commit 167e137).
// B: today's runner driven by its judge (native/python/worker/judgedRunner.ts), as the sandbox worker drives it.
// Both are Pyodide interpreters loaded in this process, fed the same MBPP and HumanEvalPack samples, alternated
// batch by batch; the figure is process CPU time per sample, best of ROUNDS batches on each side (noise on a
// shared machine only adds time). Goal: B within 10 % of A. Env: BENCH_ROUNDS (default 7).
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadPyodide } from "pyodide";
import { defaultExecLimits } from "../../native/python/common/execTypes.js";
import { createJudgedRunner } from "../../native/python/worker/judgedRunner.js";
import { humanEvalPackSamples, mbppSamples, type Sample } from "../unit/python/differentialSamples.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const worker = join(import.meta.dirname, "../../native/python/worker");
const before = join(import.meta.dirname, "runnerBeforeIntegrity");
const read = (dir: string, names: string[]) => names.map((name) => readFileSync(join(dir, `${name}.py`), "utf8")).join("\n");

async function interpreterWith(source: string) {
  const pyodide = await loadPyodide({ jsglobals: Object.create(null), stdout: () => {}, stderr: () => {} });
  pyodide.runPython(`_tracetune_runner = {}\nexec(compile(${JSON.stringify(source)}, "<tracetune-runner>", "exec"), _tracetune_runner)\n`);
  const runner = pyodide.globals.get("_tracetune_runner");
  pyodide.runPython("del _tracetune_runner");
  return { pyodide, runner };
}

const old = await interpreterWith(read(before, ["sandboxGuard", "interpreterState", "testRunner", "tracer", "runner"]));
(old.runner.get("prepare") as () => void)();
const oldHandle = old.runner.get("handle") as (request: string) => string;
const runA = (request: string) => oldHandle(request);

const judged = await interpreterWith(read(worker, ["sandboxGuard", "testRunner", "tracer", "runner", "judgeWorld", "judge"]));
const runJob = createJudgedRunner(judged.pyodide, judged.runner);
const runB = (request: string) => runJob(request).result;

const limits = { ...defaultExecLimits };
const toRequest = (sample: Sample) => JSON.stringify({
  op: "exec", program: sample.request.program, tests: sample.request.tests, testKind: null, entryPoint: sample.request.entryPoint ?? null,
  setup: sample.request.setup ?? "", limits, nonce: "n", testSeed: 1,
});
const sets = {
  "MBPP (200 reference solutions)": mbppSamples({ count: 200 }).map(toRequest),
  "HumanEvalPack (164 canonical solutions)": humanEvalPackSamples({ which: "canonical" }).map(toRequest),
};

// Same verdicts on both sides first: a faster runner that judges differently is no comparison.
for (const [name, requests] of Object.entries(sets)) {
  const differ = requests.filter((request) => JSON.parse(runA(request)).verdict !== JSON.parse(runB(request)).verdict);
  if (differ.length > 0) console.log(`note: ${differ.length} sample(s) of ${name} get different verdicts (A vs B)`);
}

const cpuMs = (run: (request: string) => string, requests: string[]) => {
  const start = process.cpuUsage();
  for (const request of requests) run(request);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (${cpus().length} cores); rounds: ${ROUNDS}`);
const header = (a: string, b: string, c: string, d: string) => `${a.padEnd(42)}${b.padStart(16)}${c.padStart(16)}${d.padStart(10)}`;
console.log(header("set", "A: before", "B: judged", "B / A"));
for (const [name, requests] of Object.entries(sets)) {
  for (let warm = 0; warm < 2; warm++) { cpuMs(runA, requests); cpuMs(runB, requests); }
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first, so neither always follows a garbage-collecting neighbour.
    if (round % 2 === 0) { a.push(cpuMs(runA, requests)); b.push(cpuMs(runB, requests)); } else { b.push(cpuMs(runB, requests)); a.push(cpuMs(runA, requests)); }
  }
  const bestA = Math.min(...a) / requests.length;
  const bestB = Math.min(...b) / requests.length;
  console.log(header(name, `${bestA.toFixed(3)} ms`, `${bestB.toFixed(3)} ms`, `${(bestB / bestA).toFixed(2)}x`));
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}   goal: B / A <= 1.10 (CPU time per sample, best of ${ROUNDS})`);
