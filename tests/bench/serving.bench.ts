// `npm run bench -- serving` (issue 14): samples/s of a round's sampling (repair prompts with the NExT trace, k
// completions per task, each parsed and verified) through the real llama-server (built from the bundled release)
// against the local sampler, on the same generated model, machine and settings, in one run.
// - Tasks: the first BENCH_TASKS (default 4) demo tasks; k = BENCH_K (default 4); answers grammar-forced to the
//   task's reference fix (a random-weight model writes no program), so verification does real work.
// - llama-server: `-np K -c K×4096 -t THREADS`; the local sampler: K parallel sequences, THREADS threads.
// - Alternated BENCH_ROUNDS (default 2) times; the median of each side and the load average are printed.
// Env: BENCH_MODEL (default bench), BENCH_THREADS (default 2), BENCH_TASKS, BENCH_K, BENCH_ROUNDS, BENCH_MAX_TOKENS (384),
// BENCH_FEW_SHOT (default 1; 0 for the tiny model, whose 2k context holds no exemplar).
import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { disposeLlamas } from "../../native/models/loadLlama.js";
import { PythonRuntime } from "../../native/python/index.js";
import { formatRepairAnswer } from "../../native/repair/composeRepairMessages.js";
import { repairCaseFromProgram } from "../../native/repair/RepairCase.js";
import { runRepair } from "../../native/repair/runRepair.js";
import { LocalSamplingBackend } from "../../native/sampling/LocalSamplingBackend.js";
import { OpenAiSamplingBackend } from "../../native/sampling/OpenAiSamplingBackend.js";
import type { SamplingBackend } from "../../native/sampling/SamplingBackend.js";
import { findBuiltLlamaTools, startLlamaServer } from "../model/engines/startLlamaServer.js";
import { ensureTestModel, type TestModelSize } from "../model/gguf/ensureTestModel.js";
import { gbnfLiteral } from "../model/repair/gbnfLiteral.js";

const size = (process.env.BENCH_MODEL ?? "bench") as TestModelSize;
const threads = Number(process.env.BENCH_THREADS ?? 2);
const taskCount = Number(process.env.BENCH_TASKS ?? 4);
const k = Number(process.env.BENCH_K ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const maxTokens = Number(process.env.BENCH_MAX_TOKENS ?? 384);
const fewShot = Number(process.env.BENCH_FEW_SHOT ?? 1);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { tools, skipReason } = await findBuiltLlamaTools();
if (skipReason) {
  console.error(`serving bench: ${skipReason}`);
  process.exit(1);
}
interface DemoTask { id: string; description: string; buggyProgram: string; reference: string; tests: string[] }
const tasks = readFileSync("resources/demo-tasks/demo-tasks.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line) as DemoTask).slice(0, taskCount);
const modelPath = await ensureTestModel({ size });
const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
const dataDir = mkdtempSync(join(tmpdir(), "tracetune-serving-bench-"));

/** One round's sampling over the tasks; samples per second of wall time, every sample parsed and verified. */
async function roundRate(backend: SamplingBackend): Promise<{ rate: number; passed: number; samples: number }> {
  let samples = 0;
  let passed = 0;
  const started = performance.now();
  for (const task of tasks) {
    const answer = formatRepairAnswer({ rationale: `The call of ${task.id} in the failing test returns the wrong value.`, code: task.reference });
    for await (const sample of runRepair({
      repairCase: repairCaseFromProgram({ program: task.buggyProgram, tests: task.tests.join("\n"), entryPoint: task.id, description: task.description }),
      backend, runtime, dataDir, k, seed: 1, maxTokens, traceFormat: "next", fewShot, grammar: gbnfLiteral(answer),
    })) {
      samples += 1;
      if (sample.verdict === "pass") passed += 1;
    }
  }
  return { rate: samples / ((performance.now() - started) / 1000), passed, samples };
}

console.log(`serving bench: model ${size}, ${tasks.length} tasks x k=${k}, ${threads} threads, ${rounds} alternations; load before ${load()}`);
const server = await startLlamaServer({ binary: tools.binaries["llama-server"]!, model: modelPath, parallel: k, contextSize: k * 4096, threads });
const local = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 4096, parallelSequences: k, threads });
const remote = new OpenAiSamplingBackend({ baseUrl: `${server.origin}/v1`, parallelRequests: k });
const rates = { server: [] as number[], local: [] as number[] };
try {
  await roundRate(local); // warm-up: page in the weights, start the sandbox
  for (let i = 0; i < rounds; i++) {
    const viaServer = await roundRate(remote);
    const viaLocal = await roundRate(local);
    rates.server.push(viaServer.rate);
    rates.local.push(viaLocal.rate);
    console.log(`  alternation ${i + 1}: llama-server ${viaServer.rate.toFixed(2)} samples/s (${viaServer.passed}/${viaServer.samples} pass), local ${viaLocal.rate.toFixed(2)} samples/s (${viaLocal.passed}/${viaLocal.samples} pass); load ${load()}`);
  }
} finally {
  await local.dispose();
  await server.dispose();
  await runtime.dispose();
  await disposeLlamas();
}
console.log(`\n| | samples/s (median) |\n|---|---|\n| llama-server (-np ${k}) | ${median(rates.server).toFixed(2)} |\n| local sampler (${k} sequences) | ${median(rates.local).toFixed(2)} |\n| ratio server / local | ${(median(rates.server) / median(rates.local)).toFixed(2)}× |`);
console.log(`load average after: ${load()}`);
