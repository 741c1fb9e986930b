// `npm run bench -- tracerSameSteps`: a changed tracer.py must produce the same traces (issue 14). Two Pyodide
// interpreters in this process run the worker's judged runner, one with BENCH_TRACER_A (a tracer.py to compare
// with, e.g. `git show HEAD~1:native/python/worker/tracer.py > old.py`), one with today's; every program of the
// trace-render benchmark's sets (HumanEvalPack buggy + canonical programs traced through their `check`, MBPP
// test-split references and single-edit mutants traced through their asserts) is traced on both, with the
// default caps and with tight caps that exercise the per-line cap, and the whole trace JSON is compared (memory addresses in reprs masked, string hashing seeded alike: set order must not differ between
// the two interpreters). Equal
// JSON means byte-identical renderings: the renderers read only the trace.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { loadPyodide } from "pyodide";
import { defaultExecLimits, defaultTraceCaps } from "../../native/python/common/execTypes.js";
import { createJudgedRunner } from "../../native/python/worker/judgedRunner.js";
import { datasetsDir } from "../datasetsDir.js";
import { loadHumanEvalPack, mutants } from "./traceBenchCases.js";

const worker = join(import.meta.dirname, "../../native/python/worker");
const names = ["sandboxGuard", "testRunner", "tracer", "runner", "judgeWorld", "judge"];
const tracerA = process.env.BENCH_TRACER_A;
if (!tracerA) throw new Error("set BENCH_TRACER_A to the tracer.py to compare with");

// In-process runs have no sandbox to stop a buggy program's endless loop: a timer thread raises
// KeyboardInterrupt through Pyodide's interrupt buffer after TIMEOUT_MS (such traces are cut by "timeout" at a
// time-dependent step, so they are counted apart, not compared).
const TIMEOUT_MS = 20_000;
const interrupts = new Int32Array(new SharedArrayBuffer(8 * 4)); // [seq, then one flag per interpreter]
const timer = new Worker(`const { workerData } = require("node:worker_threads"); const a = workerData;
  setInterval(() => { const seq = Atomics.load(a, 0); if (seq > 0 && Date.now() - Atomics.load(a, 7) * 1000 - Atomics.load(a, 6) > ${TIMEOUT_MS}) { Atomics.store(a, 1, 2); Atomics.store(a, 2, 2); } }, 50);`, { eval: true, workerData: interrupts });
timer.unref();

let interpreters = 0;
async function judgedRunner(tracerFile: string) {
  const source = names.map((name) => readFileSync(name === "tracer" ? tracerFile : join(worker, `${name}.py`), "utf8")).join("\n");
  const pyodide = await loadPyodide({ jsglobals: Object.create(null), stdout: () => {}, stderr: () => {}, env: { PYTHONHASHSEED: "0" } });
  pyodide.runPython(`_tracetune_runner = {}\nexec(compile(${JSON.stringify(source)}, "<tracetune-runner>", "exec"), _tracetune_runner)\n`);
  const runner = pyodide.globals.get("_tracetune_runner");
  pyodide.runPython("del _tracetune_runner");
  const runJob = createJudgedRunner(pyodide, runner);
  const slot = 1 + interpreters++;
  pyodide.setInterruptBuffer(interrupts.subarray(slot, slot + 1));
  return (request: string) => {
    const now = Date.now();
    Atomics.store(interrupts, slot, 0);
    Atomics.store(interrupts, 7, Math.floor(now / 1000));
    Atomics.store(interrupts, 6, now % 1000);
    Atomics.store(interrupts, 0, 1);
    try {
      return runJob(request).result;
    } catch (error) {
      // the timer's interrupt landed outside the trace (in the judge's begin/end): a cut run all the same
      if ((error as { type?: string }).type === "KeyboardInterrupt") return '{"reason":"timeout"}';
      throw error;
    } finally {
      Atomics.store(interrupts, 0, 0);
      Atomics.store(interrupts, slot, 0);
    }
  };
}

const cases: Array<{ id: string; program: string; call: string; setup: string }> = [];
for (const task of loadHumanEvalPack()) {
  for (const [kind, program] of [["buggy", task.program], ["canonical", task.reference]] as const) {
    cases.push({ id: `${task.id} ${kind}`, program, call: `check(${task.entryPoint})`, setup: task.tests });
  }
}
const mbpp = readFileSync(join(datasetsDir, "mbpp.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line))
  .filter((row) => row.task_id >= 11 && row.task_id <= 510);
for (const row of mbpp) {
  const code = (row.code as string).replace(/\r\n?/g, "\n");
  const checker = `${row.test_setup_code || ""}\ndef __check():\n${(row.test_list as string[]).map((line) => `    ${line}`).join("\n")}\n`;
  const [mutant] = mutants(code);
  for (const [kind, program] of [["reference", code], ["mutant", mutant]] as const) {
    if (program) cases.push({ id: `mbpp/${row.task_id} ${kind}`, program, call: "__check()", setup: checker });
  }
}

// BENCH_ONLY=substring: only the cases whose id holds it (to look at one difference)
if (process.env.BENCH_ONLY) cases.splice(0, cases.length, ...cases.filter((c) => c.id.includes(process.env.BENCH_ONLY!)));
const a = await judgedRunner(tracerA);
const b = await judgedRunner(join(worker, "tracer.py"));
const allCapSets = { default: defaultTraceCaps, tight: { ...defaultTraceCaps, maxStatesPerLine: 3, maxSteps: 400 } };
// BENCH_CAPS=default|tight: one cap set only (two processes finish sooner on a shared machine)
const capSets = process.env.BENCH_CAPS ? { [process.env.BENCH_CAPS]: allCapSets[process.env.BENCH_CAPS as keyof typeof allCapSets] } : allCapSets;
const limits = { ...defaultExecLimits, timeoutMs: 5000 };
// A repr cut at maxReprLength that holds a memory address is cut at another character when the two interpreters'
// addresses differ in width (0x1a2b3c0 vs 0x1a2b3c40): such strings are compared up to their last address.
const cutWithAddress = /"((?:[^"\\]|\\.)*0x…(?:[^"\\]|\\.)*)…"/g;
const addressWidthFree = (text: string) => text.replace(cutWithAddress, (_all, body: string) => `"${body.slice(0, body.lastIndexOf("0x…") + 3)}…"`);
let differ = 0;
let addressWidthOnly = 0;
let timedOut = 0;
let done = 0;
let steps = 0;
let cpuA = 0;
let cpuB = 0;
for (const [capName, caps] of Object.entries(capSets)) {
  for (const c of cases) {
    const request = JSON.stringify({ op: "trace", program: c.program, call: c.call, setup: c.setup, limits, caps, nonce: "" });
    let start = process.cpuUsage();
    const ra = a(request).replace(/0x[0-9a-f]+/g, "0x…");
    let used = process.cpuUsage(start);
    cpuA += used.user + used.system;
    start = process.cpuUsage();
    const rb = b(request).replace(/0x[0-9a-f]+/g, "0x…");
    used = process.cpuUsage(start);
    cpuB += used.user + used.system;
    steps += (JSON.parse(rb) as { steps?: unknown[] }).steps?.length ?? 0;
    if (++done % 200 === 0) console.log(`  ${done}/${cases.length * Object.keys(capSets).length}`);
    if (ra.includes('"reason":"timeout"') || rb.includes('"reason":"timeout"')) {
      timedOut += 1;
      continue;
    }
    if (ra !== rb && addressWidthFree(ra) === addressWidthFree(rb)) {
      addressWidthOnly += 1;
    } else if (ra !== rb) {
      differ += 1;
      let at = 0;
      while (ra[at] === rb[at]) at += 1;
      if (differ <= 10) console.log(`DIFFERS (${capName}): ${c.id} at character ${at}\n  A: …${ra.slice(Math.max(0, at - 200), at + 200)}\n  B: …${rb.slice(Math.max(0, at - 200), at + 200)}`);
    }
  }
}
console.log(`${cases.length} programs x ${Object.keys(capSets).length} cap sets, ${steps} steps: ${differ} differ (and ${addressWidthOnly} only where a cut repr holds an address of another width), ${timedOut} cut by the ${TIMEOUT_MS} ms timer (not compared); CPU A ${(cpuA / 1000).toFixed(0)} ms, B ${(cpuB / 1000).toFixed(0)} ms`);
process.exitCode = differ === 0 ? 0 : 1;
