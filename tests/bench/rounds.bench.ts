// `npm run bench -- rounds` (issue 13): a whole round on the demo set (its training tasks) with the generated bench
// model, end to end through runRounds: calibration, hard-set estimate, k candidates per hard task, filter, records
// with receipts, appended one by one. Prints samples/s over the whole round, where the time went (prompt building,
// decoding, parsing, verification, claim checks: the records' own timing; bookkeeping: the rest of the wall time:
// evaluation and run files, receipts, hashing, filter), and the planner's estimate against the real wall time: each
// model call's timing (time to the first token, ms per decode step by how many sequences were decoding), each estimate
// the planner stored, and the live ETA (native/jobs/estimateEta.ts on the round's progress) at points of the round.
// - Completions are forced by a grammar to one of the selected tasks' reference fixes in the documented answer
//   format (a random-weight model never writes a program): a task's own fix passes, another task's fails.
// - hardM 1 with hardN 1: every task whose one estimate sample fails is hard (most, with several alternatives).
// Env: BENCH_MODEL (default bench), BENCH_THREADS (default: measured at load), BENCH_TASKS (default 4), BENCH_K (default 4),
// BENCH_MAX_TOKENS (default 384: a reference fix in the answer format fits), BENCH_EVAL_N (default 0), BENCH_PLANNER_FIXTURE
// (a file to write the planner's inputs and the actual time to, for tests/unit/rounds/plannerReplay.test.ts).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { JobContext } from "../../native/common/jobs.js";
import { estimateEta, type ProgressPoint } from "../../native/jobs/estimateEta.js";
import { disposeLlamas } from "../../native/models/loadLlama.js";
import { PythonRuntime } from "../../native/python/index.js";
import { formatRepairAnswer } from "../../native/repair/composeRepairMessages.js";
import { prepareRun } from "../../native/rounds/node/prepareRun.js";
import { runRounds, type PlanInput } from "../../native/rounds/node/runRounds.js";
import { RunStore } from "../../native/rounds/node/RunStore.js";
import { LocalSamplingBackend } from "../../native/sampling/LocalSamplingBackend.js";
import { importTasks } from "../../native/tasks/importTasks.js";
import { resolveDemoTasksFile } from "../../native/tasks/resolveDemoTasksFile.js";
import { TaskStore } from "../../native/tasks/TaskStore.js";
import { ensureTestModel, type TestModelSize } from "../model/gguf/ensureTestModel.js";
import { roundsDeps } from "../model/rounds/roundsFixture.js";

const size = (process.env.BENCH_MODEL ?? "bench") as TestModelSize;
// Threads: measured at load as the app does, unless BENCH_THREADS sets them (2 threads on a busy machine with a
// grammar can be 20x slower than 1: docs/benchmarks.md, "Sampler against llama.cpp").
const threads = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : ("auto" as const);
const taskCount = Number(process.env.BENCH_TASKS ?? 4);
const k = Number(process.env.BENCH_K ?? 4);
const maxTokens = Number(process.env.BENCH_MAX_TOKENS ?? 384);
const evalN = Number(process.env.BENCH_EVAL_N ?? 0);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
// The round's progress reports and stored plans, timed, to replay the live ETA (native/jobs/estimateEta.ts, as the
// job runner computes it) and the planner's estimate at points of the round.
const progressPoints: ProgressPoint[] = [];
const loadBefore = load();
let phase: number | undefined;
const job: JobContext = {
  signal: new AbortController().signal,
  // As JobRunner records them: in the job's work unit when it gives one (a round weighs each sample by its call's
  // modelled cost, and gives its planner's time left), in the job's current phase (the calibration is one).
  progress: (done, total, work) =>
    progressPoints.push(work ? { atMs: performance.now(), done: work.done, total: work.total, phase, ...(work.leftMs !== undefined ? { leftMs: work.leftMs } : {}) } : { atMs: performance.now(), done, total: total ?? null, phase }),
  phase: (next, total = null) => {
    phase = next.index;
    progressPoints.push({ atMs: performance.now(), done: 0, total, phase });
  },
};

console.log(`rounds bench: model ${size}, threads ${threads}, ${taskCount} demo training tasks, k=${k}, hardN 1, evalN ${evalN}, maxTokens ${maxTokens}; load ${load()}`);
const dataDir = mkdtempSync(join(tmpdir(), "tracetune-rounds-bench-"));
const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
const taskStore = await TaskStore.open({ dataDir });
await importTasks({ store: taskStore, runtime: async () => runtime, format: "demo", setId: "demo", files: [resolveDemoTasksFile()], job });
const modelPath = await ensureTestModel({ size });
const backend = await LocalSamplingBackend.create({ modelPath, gpu: "cpu", contextSize: 4096, parallelSequences: k, threads });
const store = new RunStore({ dataDir });
const plans: Array<{ atMs: number; estimateMs: number; input: PlanInput }> = [];
console.log(`sampling with ${backend.settings.threads} thread(s) (${backend.threadChoice.reason})`);
// Every model call of the round (calibration, hard-set estimate, candidates), timed from outside the sampler: when its
// first token came (prompt evaluation and copies to the other sequences before it), each lockstep step after it
// with how many sequences were still decoding, and each completion's tokens. What the planner models, measured.
interface ModelCall { k: number; maxTokens: number; promptTokens: number; firstTokenMs: number; elapsedMs: number; tokens: number[]; steps: Array<{ ms: number; width: number }> }
const calls: ModelCall[] = [];
const sample = backend.sample.bind(backend);
backend.sample = async (request, options = {}) => {
  const started = performance.now();
  const stepAt: number[] = []; // stepAt[s]: when the first sequence had s + 1 tokens
  const result = await sample(request, {
    ...options,
    onTokenCount: (index, tokens) => {
      options.onTokenCount?.(index, tokens);
      if (stepAt.length < tokens) stepAt.push(performance.now() - started);
    },
  });
  const tokens = result.completions.map((completion) => completion.tokens);
  // A step's width: the sequences still decoding at it (those that reach that many tokens).
  const steps = stepAt.slice(1).map((at, s) => ({ ms: at - stepAt[s], width: tokens.filter((count) => count >= s + 2).length }));
  calls.push({ k: request.k ?? 1, maxTokens: request.maxTokens ?? 0, promptTokens: result.promptTokens, firstTokenMs: stepAt[0] ?? -1, elapsedMs: performance.now() - started, tokens, steps });
  return result;
};
try {
  // The tasks the run will take (a seeded shuffle of the training tasks), then a grammar of their reference fixes.
  const model = { kind: "model" as const, path: modelPath, loraAdapters: [] };
  const base = { name: "bench", taskSetIds: ["demo"], model, k, hardN: 1, hardM: 1, evalN, maxTokens, fewShot: 0, maxTasks: taskCount, seed: 1 };
  const { run: probe } = await prepareRun({ store, taskStore, args: { ...base, name: "probe" }, hasTrainer: false });
  const tasks = (await taskStore.views(["demo"])).filter((task) => probe.tasks.selected.includes(task.id));
  const alternatives = tasks.map((task) => JSON.stringify(formatRepairAnswer({ rationale: `The call of ${task.entryPoint} returns the wrong value.`, code: task.reference! })));
  const grammar = `root ::= ${alternatives.join(" | ")}`;
  await prepareRun({ store, taskStore, args: { ...base, grammar }, hasTrainer: false });

  const started = performance.now();
  await runRounds({ deps: roundsDeps({ dataDir, taskStore, runtime, backend }), store, name: "bench", job, onPlan: (input, estimateMs) => plans.push({ atMs: performance.now(), estimateMs, input }) });
  const wallMs = performance.now() - started;
  const run = await store.readRun("bench");
  const records = await store.readSamples("bench", 1);
  const totals = { promptMs: 0, decodeMs: 0, parseMs: 0, verifyMs: 0, checkMs: 0 };
  for (const record of records) for (const stage of Object.keys(totals) as Array<keyof typeof totals>) totals[stage] += record.timing?.[stage] ?? 0;
  const estimateRecords = (await Promise.all((run.rounds[0].hardSetEvaluations ?? []).map(async (entry) => entry.taskIds.length))).reduce((a, b) => a + b, 0);
  const samples = records.length + estimateRecords;
  const stageMs = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`round: ${run.rounds[0].candidates.length} task(s), hard set ${run.rounds[0].hardSet?.length}, ${records.length} candidate sample(s) + ${estimateRecords} estimate sample(s) in ${(wallMs / 1000).toFixed(1)} s: ${(samples / (wallMs / 1000)).toFixed(2)} samples/s; kept ${records.filter((record) => record.kept).length}`);
  console.log("candidate samples' time (their records' timing), and the rest of the round's wall time:");
  for (const [stage, ms] of Object.entries(totals)) console.log(`  ${stage.replace("Ms", "").padEnd(8)} ${(ms / 1000).toFixed(1).padStart(7)} s  ${((ms / wallMs) * 100).toFixed(1).padStart(5)}%`);
  console.log(`  other    ${((wallMs - stageMs) / 1000).toFixed(1).padStart(7)} s  ${(((wallMs - stageMs) / wallMs) * 100).toFixed(1).padStart(5)}%  (calibration, hard-set estimate, bookkeeping)`);
  console.log("model calls (calibration, hard-set estimate, candidates): k, prompt tokens, ms to the first token, ms per step by width, tokens:");
  for (const call of calls) {
    const byWidth = new Map<number, number[]>();
    for (const step of call.steps) byWidth.set(step.width, [...(byWidth.get(step.width) ?? []), step.ms]);
    const widths = [...byWidth].sort((a, b) => b[0] - a[0]).map(([width, ms]) => `w${width} ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(1)}x${ms.length}`).join(" ");
    console.log(`  k=${call.k} max ${call.maxTokens} prompt ${call.promptTokens} first ${call.firstTokenMs.toFixed(0)} ms, total ${call.elapsedMs.toFixed(0)} ms; steps ${widths}; tokens ${call.tokens.join(",")}`);
  }
  console.log("at a share of the round's time: the planner's estimate and the live ETA's (elapsed + ETA), as a ratio to the actual time:");
  const actualMs = run.rounds[0].actualMs;
  for (const share of [0.1, 0.15, 0.2, 0.25, 0.5, 0.75, 0.9]) {
    const at = started + share * wallMs;
    const planned = plans.filter((entry) => entry.atMs <= at).at(-1);
    const eta = estimateEta({ points: progressPoints.filter((point) => point.atMs <= at), nowMs: at });
    console.log(`  ${(share * 100).toFixed(0).padStart(3)}%: planner ${planned ? (planned.estimateMs / actualMs).toFixed(2) : "n/a"}, live ETA ${eta === null ? "n/a" : ((at - started + eta) / wallMs).toFixed(2)}`);
  }
  // What a user reads from the job's ETA (when the round will end) at every 1 % of the time from 10 % on.
  const liveRatios = Array.from({ length: 90 }, (_, i) => started + ((10 + i) / 100) * wallMs).flatMap((at) => {
    const eta = estimateEta({ points: progressPoints.filter((point) => point.atMs <= at), nowMs: at });
    return eta === null ? [] : [(at - started + eta) / wallMs];
  });
  console.log(`live ETA from 10 % of the time on (every 1 %, ${liveRatios.length} of 90 with an estimate): ${Math.min(...liveRatios).toFixed(2)}-${Math.max(...liveRatios).toFixed(2)}x the actual time`);
  // Done: the samples of the round's timed calls (every call of a bench round: it never resumes).
  const samplesDone = (input: PlanInput) => (input.soFar?.batches ?? []).reduce((sum, batch) => sum + batch.samples, 0);
  const samplesTotal = samplesDone(plans.at(-1)!.input);
  console.log("each estimate the planner stored (round time then, share of the time and of the samples done, estimate, ratio to the actual time):");
  for (const plan of plans) console.log(`  at ${((plan.input.soFar?.elapsedMs ?? 0) / 1000).toFixed(1).padStart(6)} s (${(((plan.input.soFar?.elapsedMs ?? 0) / actualMs) * 100).toFixed(0).padStart(3)}% of the time, ${((samplesDone(plan.input) / samplesTotal) * 100).toFixed(0).padStart(3)}% of the samples): ${(plan.estimateMs / 1000).toFixed(1)} s${plan.input.hardTasks === null && !plan.input.soFar?.judged?.tasks ? " (upper bound)" : ""}, ${(plan.estimateMs / actualMs).toFixed(2)}`);
  const late = plans.filter((plan) => samplesDone(plan.input) >= 0.1 * samplesTotal).map((plan) => plan.estimateMs / actualMs);
  // BENCH_PLANNER_FIXTURE=FILE: the planner's inputs of this real run and the round's actual time, for the unit test
  // that replays them (tests/unit/rounds/fixtures/).
  if (process.env.BENCH_PLANNER_FIXTURE) {
    const pick = ({ k, hardN, evalN, maxTokens, traceFormat }: PlanInput["settings"]) => ({ k, hardN, evalN, maxTokens, traceFormat });
    const fixture = {
      recorded: `npm run bench -- rounds, ${new Date().toISOString()}, model ${size}, ${backend.settings.threads} thread(s), load before ${loadBefore}, after ${load()}`,
      actualMs,
      plans: plans.map(({ input, estimateMs }) => ({ ...input, settings: pick(input.settings), estimateMsThen: estimateMs })),
    };
    writeFileSync(process.env.BENCH_PLANNER_FIXTURE, JSON.stringify(fixture, null, 1) + "\n");
    console.log(`planner fixture written to ${process.env.BENCH_PLANNER_FIXTURE}`);
  }
  const calibration = (JSON.parse(readFileSync(join(dataDir, "rounds", "calibrations.json"), "utf8")) as { calibrations: unknown[] }).calibrations[0];
  console.log(`calibration: ${JSON.stringify(calibration)}`);
  const plan = run.rounds[0].plan;
  console.log(`planner: first estimate ${plans.length > 0 ? (plans[0].estimateMs / 1000).toFixed(1) : "n/a"} s (upper bound), once 10 % of the samples were done ${late.length > 0 ? `${Math.min(...late).toFixed(2)}-${Math.max(...late).toFixed(2)}x` : "n/a"} the actual ${(actualMs / 1000).toFixed(1)} s; stored last ${plan ? (plan.estimateMs / 1000).toFixed(1) : "n/a"} s; load ${load()}`);
} finally {
  await backend.dispose();
  await runtime.dispose();
  await disposeLlamas();
}
