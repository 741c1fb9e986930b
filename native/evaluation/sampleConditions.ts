import { createHash } from "node:crypto";
import type { EvaluationConfig, EvaluationSampleRecord, EvaluationTraceFormat, EvaluationVerdict } from "../api/evaluationApi.js";
import type { TaskView } from "../api/taskTypes.js";
import type { JobContext } from "../common/jobs.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import type { TraceRunner } from "../trace/node/TraceRunner.js";
import { sampleKey, type EvaluationStore } from "./EvaluationStore.js";

/** What evaluation reads from each sample the repair step yields (a subset of repairApi's RepairSample). */
export interface RepairStepSample {
  index: number;
  verdict: EvaluationVerdict;
  reason?: string;
  code: string;
  rationale: string;
  completion: string;
  checkScore: number | null;
  seed: number | null;
  tokens: { prompt: number | null; completion: number | null };
  tests: Array<{ index: number; passed: boolean }>;
  error?: { type: string; message: string };
  timing?: { verifyMs: number };
}

/** The repair step as evaluation calls it: samples i = firstIndex … k-1 of one task, seed + i each. */
export type RepairSampler = (options: {
  backend: SamplingBackend;
  runner: TraceRunner;
  task: TaskView;
  k: number;
  firstIndex: number;
  seed: number;
  temperature: number;
  traceFormat: EvaluationTraceFormat;
  maxTokens?: number;
  fewShot?: number;
  grammar?: string;
  /** Another model's rationale shown in the prompt (proxy evaluation). */
  hint?: string;
  signal: AbortSignal;
}) => AsyncIterable<RepairStepSample>;

/** A task's base seed: the evaluation's seed and the task id hashed, so tasks draw independent samples. */
export function taskSeed(seed: number, taskId: string): number {
  return createHash("sha256").update(`${seed}\u0000${taskId}`).digest().readUInt32BE(0) >>> 1;
}

/**
 * Draws the samples an evaluation still owes through the repair step: for each condition and task, indexes
 * from the first one not yet recorded up to n, each appended as soon as it is verified, so a crash loses at
 * most the sample being written. With hints, sample i gets the source's rationale i (cycling), one repair
 * call per sample; without, one call draws the task's remaining samples (decoded in parallel sequences).
 */
export async function sampleConditions(options: {
  config: EvaluationConfig;
  store: EvaluationStore;
  runner: () => Promise<TraceRunner>;
  backend: SamplingBackend;
  sampler: RepairSampler;
  tasks: TaskView[];
  done: Set<string>;
  grammar?: string;
  hints: Map<string, string[]> | null;
  job: JobContext;
}): Promise<void> {
  const { config, store, backend, sampler, tasks, done, grammar, hints, job } = options;
  const n = config.n ?? 0;
  const total = tasks.length * config.conditions.length * n;
  let finished = done.size;
  job.progress(finished, total);
  const runner = await options.runner();
  for (const condition of config.conditions) {
    for (const task of tasks) {
      const isDone = (index: number) => done.has(sampleKey({ condition: condition.id, taskId: task.id, sampleIndex: index }));
      let firstIndex = 0;
      while (firstIndex < n && isDone(firstIndex)) firstIndex += 1;
      if (firstIndex >= n) continue;
      const taskHints = condition.hintsFrom ? (hints?.get(task.id) ?? []) : [];
      const calls = condition.hintsFrom
        ? Array.from({ length: n - firstIndex }, (_, offset) => ({ firstIndex: firstIndex + offset, k: firstIndex + offset + 1, hint: taskHints.length > 0 ? taskHints[(firstIndex + offset) % taskHints.length] : undefined }))
        : [{ firstIndex, k: n, hint: undefined }];
      for (const call of calls) {
        job.signal.throwIfAborted();
        const samples = sampler({
          backend, runner, task, k: call.k, firstIndex: call.firstIndex, seed: taskSeed(config.seed, task.id), temperature: config.temperature ?? 0.8,
          traceFormat: condition.traceFormat ?? "next", ...(config.maxTokens ? { maxTokens: config.maxTokens } : {}), ...(config.fewShot !== null && config.fewShot !== undefined ? { fewShot: config.fewShot } : {}), ...(grammar ? { grammar } : {}),
          ...(call.hint !== undefined ? { hint: call.hint } : {}), signal: job.signal,
        });
        for await (const sample of samples) {
          const record = toRecord(condition.id, task.id, sample, call.hint ?? null);
          if (done.has(sampleKey(record))) continue;
          // A cancelled decode yields cut-short completions: those are not samples of the model, so none is recorded.
          if (job.signal.aborted) break;
          await store.appendSamples(config.id, [record]);
          done.add(sampleKey(record));
          finished += 1;
          job.progress(finished, total);
        }
      }
    }
  }
  // runRepair ends its iteration quietly when aborted: a cancelled run must not pass for a finished one.
  job.signal.throwIfAborted();
}

function toRecord(condition: string, taskId: string, sample: RepairStepSample, hint: string | null): EvaluationSampleRecord {
  const failing = sample.tests.filter((test) => !test.passed).map((test) => test.index).slice(0, 50);
  const reason = sample.verdict === "unparsable" ? (sample.reason ?? null) : sample.error ? `${sample.error.type}: ${sample.error.message}`.split("\n")[0].slice(0, 300) : null;
  return {
    condition, taskId, sampleIndex: sample.index, verdict: sample.verdict, reason, completion: sample.completion, code: sample.code === "" ? null : sample.code,
    rationale: sample.rationale, hint, checkScore: sample.checkScore, seed: sample.seed, tokens: sample.tokens.completion, line: null, failing, elapsedMs: sample.timing?.verifyMs ?? 0,
  };
}
