// `npm run bench -- taskImport`: task import throughput on the real public files, and the cost of HeFix+'s
// io tests run as one runtime assert per case against runTaskTests' single loop on the same cases (same run).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { JobContext } from "../../native/common/jobs.js";
import { PythonRuntime } from "../../native/python/index.js";
import { computeExpectedOutputs } from "../../native/tasks/importers/computeExpectedOutputs.js";
import { importTasks } from "../../native/tasks/importTasks.js";
import { TaskStore } from "../../native/tasks/TaskStore.js";
import { buildExecRequest } from "../../native/tasks/validation/buildExecRequest.js";
import { runTaskTests } from "../../native/tasks/validation/runTaskTests.js";
import { datasetsDir } from "../datasetsDir.js";

const datasets = datasetsDir;
const job = (): JobContext => ({ signal: new AbortController().signal, progress: () => {} });
const runtime = await PythonRuntime.start();
const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
};

async function importRun(format: "mbpp" | "humanevalfix", file: string, validate: boolean) {
  const store = await TaskStore.open({ dataDir: mkdtempSync(path.join(tmpdir(), "tt-bench-")) });
  const [report, ms] = await time(() => importTasks({ store, runtime: async () => runtime, format, files: [file], validate, job: job() }));
  console.log(`${format.padEnd(13)} validate=${String(validate).padEnd(5)} ${report.seen} records in ${(ms / 1000).toFixed(1)} s = ${(report.seen / (ms / 1000)).toFixed(1)} tasks/s, ${report.invalid.length} invalid`);
}

await importRun("mbpp", `${datasets}/mbpp.jsonl`, false);
await importRun("mbpp", `${datasets}/mbpp.jsonl`, true);
await importRun("humanevalfix", `${datasets}/humanevalpack-python.jsonl`, true);

// HeFix+ io tests: expected outputs once, then the reference run both ways.
const plusLines = gunzipSync(readFileSync(`${datasets}/HumanEvalPlus.jsonl.gz`)).toString("utf8").split("\n").filter(Boolean);
console.log("HeFix+ io tests, reference program: one runtime assert per case | runTaskTests' single loop (what validation uses); both give per-case results");
for (const number of [2, 12, 53]) {
  const line = plusLines[number];
  const record = JSON.parse(line) as { entry_point: string; prompt: string; canonical_solution: string; atol: number };
  const [{ cases }, expectMs] = await time(() => computeExpectedOutputs({ runtime, rawLine: line }));
  const task = { entryPoint: record.entry_point, tests: { kind: "io" as const, atol: record.atol, comparator: "equal" as const, cases } };
  const program = record.prompt + record.canonical_solution;
  const [perCase, perCaseMs] = await time(() => runtime.exec(buildExecRequest({ task, program })));
  const [looped, loopMs] = await time(() => runTaskTests({ runtime, task, program }));
  console.log(`  HumanEval/${number}: ${cases.length} cases, expected outputs ${expectMs.toFixed(0)} ms | per-case ${perCase.verdict} ${perCaseMs.toFixed(0)} ms | loop ${looped.verdict} ${loopMs.toFixed(0)} ms | ratio ${(perCaseMs / loopMs).toFixed(1)}x`);
}
await runtime.dispose();
