import type { EvaluationConfig, EvaluationSampleRecord, SkippedSample } from "../api/evaluationApi.js";
import type { TaskView } from "../api/taskTypes.js";
import type { JobContext } from "../common/jobs.js";
import type { PythonRunner } from "../tasks/index.js";
import { sampleKey, type EvaluationStore } from "./EvaluationStore.js";
import { readSamplesFile } from "./readSamplesFile.js";
import { createTaskResolver } from "./resolveTaskId.js";
import { verifyFileSample } from "./verifyFileSample.js";

/** Samples verified at once: enough to keep every interpreter of the pool busy while results are appended. */
const batchSize = 16;

/**
 * Scores a samples file (EvalPlus-style JSONL) against the evaluation's tasks, streaming it line by line.
 * Lines that are not samples, name no task of the set, or name a task outside the evaluation (another split,
 * not valid) go to `skipped` with their line number; the rest are verified in the sandbox, `batchSize` at a
 * time, and appended to samples.jsonl. A sample's index is its position among its task's lines, so a
 * resumed run (same file: same id) skips exactly the samples already recorded.
 */
export async function evaluateSamplesFile(options: {
  config: EvaluationConfig & { source: { kind: "samples" } };
  store: EvaluationStore;
  runner: () => Promise<PythonRunner>;
  /** Every task of the set (to resolve ids and say why a known task is not evaluated). */
  setTasks: TaskView[];
  /** The evaluation's tasks. */
  tasks: TaskView[];
  done: Set<string>;
  job: JobContext;
}): Promise<{ skipped: SkippedSample[] }> {
  const { config, store, runner, setTasks, tasks, done, job } = options;
  const resolve = createTaskResolver(setTasks);
  const inEvaluation = new Set(tasks.map((task) => task.id));
  const skipped: SkippedSample[] = [];
  const counters = new Map<string, number>();
  let total = 0;
  for await (const entry of readSamplesFile({ file: config.source.file, signal: job.signal })) if (!("error" in entry)) total += 1;
  let verified = 0;
  job.progress(0, total);

  let pending: Array<{ record: Omit<EvaluationSampleRecord, "verdict" | "reason" | "code" | "rationale" | "failing" | "elapsedMs">; task: TaskView; sample: { completion: string } | { solution: string }; finishReason?: string }> = [];
  const flush = async () => {
    const python = await runner();
    const batch = pending;
    pending = [];
    const records = await Promise.all(batch.map(async ({ record, task, sample, finishReason }) => ({ ...record, ...(await verifyFileSample({ runner: python, task, sample, finishReason, signal: job.signal })) })));
    await store.appendSamples(config.id, records);
    verified += records.length;
    job.progress(verified, total);
  };

  for await (const entry of readSamplesFile({ file: config.source.file, signal: job.signal })) {
    if ("error" in entry) {
      skipped.push({ line: entry.line, reason: entry.error, ...(entry.taskId ? { taskId: entry.taskId } : {}) });
      continue;
    }
    const task = resolve(entry.taskId);
    const why = !task ? `unknown task_id "${entry.taskId}" (not in set ${config.setId})` : !inEvaluation.has(task.id) ? notEvaluatedReason(task, config) : null;
    if (why || !task) {
      skipped.push({ line: entry.line, reason: why!, taskId: entry.taskId });
      total -= 1;
      continue;
    }
    const sampleIndex = counters.get(task.id) ?? 0;
    counters.set(task.id, sampleIndex + 1);
    const record = { condition: "samples", taskId: task.id, sampleIndex, completion: "completion" in entry.sample ? entry.sample.completion : null, checkScore: entry.checkScore, hint: null, seed: null, tokens: null, line: entry.line };
    if (done.has(sampleKey(record))) {
      verified += 1;
      continue;
    }
    pending.push({ record, task, sample: entry.sample, finishReason: entry.finishReason });
    if (pending.length >= batchSize) await flush();
  }
  if (pending.length > 0) await flush();
  job.progress(verified, total);
  return { skipped };
}

function notEvaluatedReason(task: TaskView, config: EvaluationConfig): string {
  if (config.taskIds) return `task ${task.id} is not among the evaluation's tasks`;
  if (!config.splits.includes(task.split)) return `task ${task.id} is in split ${task.split}, not in ${config.splits.join(", ")}`;
  if (task.kind !== "repair") return `task ${task.id} is a problem, not a repair task`;
  const status = task.validation?.status ?? "pending";
  return `task ${task.id} is ${status}${task.validation?.reason ? ` (${task.validation.reason})` : ""}; evaluate invalid tasks with includeInvalid`;
}
