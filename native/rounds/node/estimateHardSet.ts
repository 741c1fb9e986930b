import type { EvaluationIdentity, EvaluationResult } from "../../api/evaluationApi.js";
import type { RoundSettings } from "../../api/roundsApi.js";
import type { TaskView } from "../../api/taskTypes.js";
import type { JobContext } from "../../common/jobs.js";
import { TracetuneError } from "../../common/TracetuneError.js";
import { EvaluationStore } from "../../evaluation/EvaluationStore.js";
import type { RepairSampler } from "../../evaluation/sampleConditions.js";
import { runEvaluation } from "../../evaluation/runEvaluation.js";
import type { SamplingBackend } from "../../sampling/SamplingBackend.js";
import { pickHardTasks } from "../common/hardSet.js";
import type { StoredRound } from "../common/storedRun.js";
import { evaluationSourceOf, type RoundsDeps } from "./roundDeps.js";

type Estimate = NonNullable<StoredRound["estimates"]>[number];

/** Whether an earlier evaluation was of the same model, adapters, template, trace format and temperature. */
export function isSameIdentity(a: EvaluationIdentity, b: EvaluationIdentity): boolean {
  return a.modelHash === b.modelHash && a.adapterHash === b.adapterHash && a.engine === b.engine && a.templateId === b.templateId && a.traceFormat === b.traceFormat && a.temperature === b.temperature;
}

/**
 * Per-task pass counts an earlier evaluation already holds for this identity: a task counts when the
 * evaluation's condition for the trace format (without hints) scored it from at least `hardN` samples.
 * The newest evaluation wins for a task two of them hold. Evaluations named in `exclude` (the run's own) are skipped.
 */
export async function findReusableEstimates(options: { dataDir: string; identity: EvaluationIdentity; taskIds: string[]; hardN: number; exclude: (id: string) => boolean }): Promise<Estimate[]> {
  const store = new EvaluationStore({ dataDir: options.dataDir });
  const wanted = new Set(options.taskIds);
  const found = new Map<string, Estimate>();
  const candidates: Array<{ id: string; createdAt: string; summary: EvaluationResult }> = [];
  for (const id of await store.list()) {
    if (options.exclude(id)) continue;
    const config = await store.readConfig(id).catch(() => null);
    if (!config || !isSameIdentity(config.identity, options.identity)) continue;
    const summary = await store.readSummary(id).catch(() => null);
    if (summary) candidates.push({ id, createdAt: config.createdAt, summary });
  }
  candidates.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const { id, summary } of candidates) {
    const condition = summary.conditions.find((entry) => entry.traceFormat === options.identity.traceFormat && entry.hintsFrom === null);
    for (const task of condition?.tasks ?? []) {
      if (wanted.has(task.taskId) && !found.has(task.taskId) && task.n >= options.hardN) found.set(task.taskId, { taskId: task.taskId, n: task.n, c: task.c, evaluationId: id });
    }
  }
  return [...found.values()];
}

/**
 * Step 1 of a round: the hard set. Reuses what a matching earlier evaluation holds, and estimates the rest
 * with an evaluation of its own per task set (`<run>-r<n>-hard-<i>`, so a resumed round resumes it). The
 * plan (which evaluations, which tasks) is stored in the round before any sampling: `onPlanned`.
 */
export async function estimateHardSet(options: {
  deps: RoundsDeps;
  run: string;
  round: StoredRound;
  settings: RoundSettings;
  tasks: TaskView[];
  identity: EvaluationIdentity;
  backend: SamplingBackend;
  sampler: RepairSampler;
  job: JobContext;
  onPlanned(evaluations: NonNullable<StoredRound["hardSetEvaluations"]>): Promise<void>;
}): Promise<{ estimates: Estimate[]; hardSet: string[] }> {
  const { deps, run, round, settings, tasks, identity, backend, sampler, job } = options;
  let plan = round.hardSetEvaluations;
  const reused = new Map<string, Estimate>();
  if (!plan) {
    for (const estimate of await findReusableEstimates({ dataDir: deps.dataDir, identity, taskIds: tasks.map((task) => task.id), hardN: settings.hardN, exclude: (id) => id.startsWith(`${run}-r${round.round}-hard-`) })) reused.set(estimate.taskId, estimate);
    const bySet = new Map<string, string[]>();
    for (const task of tasks) if (!reused.has(task.id)) bySet.set(task.setId, [...(bySet.get(task.setId) ?? []), task.id]);
    const reusedByEvaluation = new Map<string, string[]>();
    for (const estimate of reused.values()) reusedByEvaluation.set(estimate.evaluationId, [...(reusedByEvaluation.get(estimate.evaluationId) ?? []), estimate.taskId]);
    plan = [
      ...[...reusedByEvaluation].map(([id, taskIds]) => ({ id, setId: tasks.find((task) => task.id === taskIds[0])!.setId, taskIds, isReused: true })),
      ...[...bySet].map(([setId, taskIds], index) => ({ id: `${run}-r${round.round}-hard-${index + 1}`, setId, taskIds, isReused: false })),
    ];
    await options.onPlanned(plan);
  }

  const estimates: Estimate[] = [];
  const toSample = plan.filter((entry) => !entry.isReused).reduce((sum, entry) => sum + entry.taskIds.length * settings.hardN, 0);
  let offset = 0;
  for (const entry of plan) {
    if (entry.isReused) {
      const found = await findReusableEstimates({ dataDir: deps.dataDir, identity, taskIds: entry.taskIds, hardN: settings.hardN, exclude: (id) => id !== entry.id });
      estimates.push(...found);
      continue;
    }
    const result = await runEvaluation({
      deps: { dataDir: deps.dataDir, taskStore: deps.taskStore, runner: deps.runtime, sampler },
      args: {
        id: entry.id, setId: entry.setId, taskIds: entry.taskIds, splits: ["train"], source: evaluationSourceOf(round.model), n: settings.hardN, ks: [1],
        temperature: settings.temperature, traceFormats: [settings.traceFormat], seed: settings.seed, maxTokens: settings.maxTokens,
        ...(settings.grammar ? { grammar: settings.grammar } : {}), identity,
      },
      backend,
      job: { signal: job.signal, progress: (done) => job.progress(offset + done, toSample) },
    });
    job.signal.throwIfAborted();
    if (!result.isComplete) throw new TracetuneError("incomplete_evaluation", `The hard-set estimate ${entry.id} ended with samples missing; resume the run to finish it.`, { evaluationId: entry.id });
    offset += entry.taskIds.length * settings.hardN;
    const condition = result.conditions.find((entry2) => entry2.traceFormat === settings.traceFormat) ?? result.conditions[0];
    for (const task of condition.tasks) estimates.push({ taskId: task.taskId, n: task.n, c: task.c, evaluationId: entry.id });
  }
  const order = new Map(tasks.map((task, index) => [task.id, index]));
  estimates.sort((a, b) => (order.get(a.taskId) ?? 0) - (order.get(b.taskId) ?? 0));
  return { estimates, hardSet: pickHardTasks({ tasks: estimates, hardM: settings.hardM }) };
}
