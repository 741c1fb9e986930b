// `npm run bench -- repair` (issue 12): where the repair step's time goes, per sample, on the generated bench model:
// prompt building (failing test found and traced, trace rendered within the budget, chat template), decoding,
// parsing, verification in the sandbox and claim checking, each as a share of the total.
// - Tasks: the first BENCH_TASKS (default 8) of the demo set; k = BENCH_K (default 4) completions each, lockstep.
// - The model's output is forced by a grammar to the task's reference fix in the documented answer format (a
//   random-weight model never writes a program, and then nothing would be verified or checked): decoding cost is
//   that of a real answer's length, with the grammar's own overhead (measured by BENCH_FORCE=0, unforced, for
//   comparison: every sample is then unparsable and verify/check cost nothing).
// - Prompt and decoding are batch costs: each sample is charged its share (batch time / k), as RepairSample.timing is.
// - Fixes are verified one after another (judgeWindow 1), so verification time is not inflated by queueing.
// Env: BENCH_MODEL (default bench), BENCH_THREADS (default 2), BENCH_TASKS, BENCH_K, BENCH_MAX_TOKENS (default 384),
// BENCH_TRACE (next|scratchpad|none, default next), BENCH_FEW_SHOT (default 1), BENCH_FORCE (default 1).
import { readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import type { RepairTraceFormat } from "../../native/api/repairApi.js";
import { disposeLlamas } from "../../native/models/loadLlama.js";
import { PythonRuntime } from "../../native/python/index.js";
import { formatRepairAnswer } from "../../native/repair/composeRepairMessages.js";
import { repairCaseFromProgram } from "../../native/repair/RepairCase.js";
import { runRepair } from "../../native/repair/runRepair.js";
import { LocalSamplingBackend } from "../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel, type TestModelSize } from "../model/gguf/ensureTestModel.js";
import { gbnfLiteral } from "../model/repair/gbnfLiteral.js";

const size = (process.env.BENCH_MODEL ?? "bench") as TestModelSize;
const threads = Number(process.env.BENCH_THREADS ?? 2);
const taskCount = Number(process.env.BENCH_TASKS ?? 8);
const k = Number(process.env.BENCH_K ?? 4);
const maxTokens = Number(process.env.BENCH_MAX_TOKENS ?? 384);
const traceFormat = (process.env.BENCH_TRACE ?? "next") as RepairTraceFormat;
const isForced = process.env.BENCH_FORCE !== "0";
const fewShot = Number(process.env.BENCH_FEW_SHOT ?? 1);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

interface DemoTask { id: string; description: string; buggyProgram: string; reference: string; tests: string[] }
const tasks = readFileSync("resources/demo-tasks/demo-tasks.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line) as DemoTask).slice(0, taskCount);

console.log(`repair bench: model ${size}, ${threads} threads, ${tasks.length} tasks x k=${k}, maxTokens ${maxTokens}, trace ${traceFormat}, ${isForced ? "grammar-forced reference fixes" : "unforced output"}; load ${load()}`);
const modelPath = await ensureTestModel({ size });
const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 4096, parallelSequences: k, threads });
const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
const dataDir = mkdtempSync(join(tmpdir(), "tracetune-repair-bench-"));
const totals = { promptMs: 0, decodeMs: 0, parseMs: 0, verifyMs: 0, checkMs: 0 };
const verdicts = new Map<string, number>();
let samples = 0;
const started = performance.now();
try {
  for (const task of tasks) {
    const answer = formatRepairAnswer({ rationale: `The call of ${task.id} in the failing test returns the wrong value.`, code: task.reference });
    for await (const sample of runRepair({
      repairCase: repairCaseFromProgram({ program: task.buggyProgram, tests: task.tests.join("\n"), entryPoint: task.id, description: task.description }),
      backend, runtime, dataDir, k, seed: 1, maxTokens, traceFormat, fewShot, judgeWindow: 1, ...(isForced ? { grammar: gbnfLiteral(answer) } : {}),
    })) {
      samples += 1;
      verdicts.set(sample.verdict, (verdicts.get(sample.verdict) ?? 0) + 1);
      for (const stage of Object.keys(totals) as Array<keyof typeof totals>) totals[stage] += sample.timing[stage];
    }
  }
} finally {
  await runtime.dispose();
  await backend.dispose();
  await disposeLlamas();
}
const wallMs = performance.now() - started;
const sum = Object.values(totals).reduce((a, b) => a + b, 0);
console.log(`${samples} samples in ${(wallMs / 1000).toFixed(1)} s wall (${(wallMs / samples).toFixed(0)} ms a sample); verdicts ${[...verdicts].map(([v, n]) => `${v} ${n}`).join(", ")}; load ${load()}`);
console.log("| stage | ms per sample | share |");
console.log("|---|---|---|");
for (const [stage, ms] of Object.entries(totals)) console.log(`| ${stage.replace(/Ms$/, "")} | ${(ms / samples).toFixed(1)} | ${((ms / sum) * 100).toFixed(1)} % |`);
