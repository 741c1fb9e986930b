import type { EvaluateArgs, EvaluationConfig, EvaluationResult } from "../api/evaluationApi.js";
import type { TaskView } from "../api/taskTypes.js";
import type { JobContext } from "../common/jobs.js";
import { InvalidInputError, TracetuneError } from "../common/TracetuneError.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import { selectEvaluationTasks, type PythonRunner, type TaskStore } from "../tasks/index.js";
import type { TraceRunner } from "../trace/node/TraceRunner.js";
import { exemplarOverlap, loadExemplars } from "../repair/exemplars.js";
import { canonicalJson } from "../tasks/common/canonicalJson.js";
import { buildEvaluationConfig } from "./buildEvaluationConfig.js";
import { createRepairSampler } from "./createRepairSampler.js";
import { EvaluationStore, sampleKey } from "./EvaluationStore.js";
import { evaluateSamplesFile } from "./evaluateSamplesFile.js";
import { sampleConditions, type RepairSampler } from "./sampleConditions.js";
import { scoreEvaluation } from "./scoreEvaluation.js";

export class NoTasksError extends TracetuneError {
  constructor(setId: string, what: string) {
    super("no_tasks", `Task set "${setId}" has no tasks to evaluate (${what}).`, { setId });
  }
}

/** What an evaluation needs from the core. */
export interface EvaluationDeps {
  dataDir: string;
  taskStore: TaskStore;
  /** The sandbox (the core's shared pool: `context.python.get`): runs fixes and traces failing tests. */
  runner: () => Promise<PythonRunner & TraceRunner>;
  /** Opens the sampling backend of a model or engine source (the core loads the model). Not needed with `backend`. */
  /** The repair step that draws and verifies model samples. Default: native/repair's runRepair (createRepairSampler). */
  sampler?: RepairSampler;
  openBackend?: (source: Exclude<EvaluationConfig["source"], { kind: "samples" }>, signal: AbortSignal) => Promise<SamplingBackend>;
}

/**
 * Runs (or resumes) one evaluation and returns its summary: the clean entry point for rounds' hard-set
 * estimate and dev checks, and what the `evaluate` API method runs as a job. Samples already in
 * `<dataDir>/evaluations/<id>/samples.jsonl` are never redone (a torn last line is); the summary is written
 * even when the job is cancelled, marked `isComplete: false`, and the same call later finishes it.
 */
export async function runEvaluation(options: {
  deps: EvaluationDeps;
  args: EvaluateArgs;
  /** A backend already open (rounds pass theirs). Default: `deps.openBackend(source)`. */
  backend?: SamplingBackend;
  /** `args` already validated (buildEvaluationConfig). Default: built here. */
  config?: EvaluationConfig;
  job: JobContext;
}): Promise<EvaluationResult> {
  const { deps, args, job } = options;
  const store = new EvaluationStore({ dataDir: deps.dataDir });
  const config = await openConfig(store, options.config ?? (await buildEvaluationConfig(args)));
  const setTasks = await deps.taskStore.views([config.setId]);
  const selected = selectTasks(config, setTasks, await selectEvaluationTasks({ store: deps.taskStore, setIds: [config.setId], splits: config.splits, includeInvalid: config.includeInvalid }));
  // Our prompt shows worked exemplars: a task matching one would be answered from the prompt (issue 12).
  const exemplars = config.source.kind === "samples" ? [] : loadExemplars();
  const leftOut = selected.flatMap((task) => exemplarOverlap(task, { exemplars }).slice(0, 1).map((overlap) => ({ taskId: task.id, reason: `matches prompt exemplar ${overlap.exemplarId} (${overlap.reason})` })));
  const tasks = selected.filter((task) => !leftOut.some((entry) => entry.taskId === task.id));
  if (tasks.length === 0) throw new NoTasksError(config.setId, config.taskIds ? "none of the given task ids" : `no ${config.includeInvalid ? "" : "valid "}repair task in split ${config.splits.join(", ")}`);

  const done = new Set((await store.readSamples(config.id, { repair: true })).map(sampleKey));
  let skipped: EvaluationResult["skipped"] = [];
  let isFinished = false;
  let summary: EvaluationResult;
  try {
    if (config.source.kind === "samples") {
      ({ skipped } = await evaluateSamplesFile({ config: config as EvaluationConfig & { source: { kind: "samples" } }, store, runner: deps.runner, setTasks, tasks, done, job }));
    } else {
      const source = config.source;
      const backend = options.backend ?? (deps.openBackend ? await deps.openBackend(source, job.signal) : null);
      if (!backend) throw new InvalidInputError("This evaluation needs a sampling backend for its model or engine.", { field: "source" });
      await sampleConditions({ config, store, runner: deps.runner, backend, sampler: deps.sampler ?? createRepairSampler({ dataDir: deps.dataDir }), tasks, done, grammar: args.grammar, hints: config.rationalesFrom ? await readHints(store, config.rationalesFrom) : null, job });
    }
    isFinished = true;
  } finally {
    // Score what is there, finished or not, so a cancelled or failed run still leaves a truthful summary.
    const records = await store.readSamples(config.id);
    const isComplete = isFinished && (config.source.kind === "samples" || records.length >= tasks.length * config.conditions.length * (config.n ?? 0));
    summary = scoreEvaluation({ config, tasks: tasks.map((task) => ({ id: task.id, sourceId: task.provenance.sourceId, bugType: task.bugType })), records, skipped, leftOut, isComplete });
    await store.writeSummary(summary);
  }
  return summary;
}

/** Refuses to reuse an evaluation's id with other sampling settings (ks and identity may differ), naming them. */
export function assertSameSampling(existing: EvaluationConfig, config: EvaluationConfig): void {
  const scoringOnly = new Set(["ks", "createdAt", "identity"]);
  const changed = (Object.keys(config) as Array<keyof EvaluationConfig>).filter((key) => !scoringOnly.has(key) && canonicalJson(config[key] ?? null) !== canonicalJson(existing[key] ?? null));
  if (changed.length > 0) throw new InvalidInputError(`Evaluation "${config.id}" already exists with other settings (${changed.join(", ")}); use another id.`, { field: "id", changed });
}

/**
 * An existing evaluation keeps its createdAt; only the ks (scoring, not sampling) may change between calls.
 * Reusing an id (an explicit one) with other sampling settings is refused, naming them: its samples would mix.
 */
async function openConfig(store: EvaluationStore, config: EvaluationConfig): Promise<EvaluationConfig> {
  if (!(await store.exists(config.id))) {
    await store.writeConfig(config);
    return config;
  }
  const existing = await store.readConfig(config.id);
  assertSameSampling(existing, config);
  const merged = { ...config, createdAt: existing.createdAt };
  await store.writeConfig(merged);
  return merged;
}

function selectTasks(config: EvaluationConfig, setTasks: TaskView[], selected: TaskView[]): TaskView[] {
  if (!config.taskIds) return selected;
  const byId = new Map(setTasks.map((task) => [task.id, task]));
  const unknown = config.taskIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new InvalidInputError(`Field "taskIds": ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""} not in set ${config.setId}.`, { field: "taskIds", unknown });
  return config.taskIds.map((id) => byId.get(id)!);
}

/**
 * The rationales of an earlier evaluation (its first condition) per task, in sample order, for the proxy
 * evaluation: sample i of a task gets rationale i (cycling when the source has fewer), every rationale used
 * whether or not its own fix passed, so the hints are the source model's rationales as they come.
 */
async function readHints(store: EvaluationStore, evaluationId: string): Promise<Map<string, string[]>> {
  const config = await store.readConfig(evaluationId);
  const records = (await store.readSamples(evaluationId)).filter((record) => record.condition === config.conditions[0].id && record.rationale && record.rationale.trim() !== "");
  records.sort((a, b) => a.sampleIndex - b.sampleIndex);
  const hints = new Map<string, string[]>();
  for (const record of records) hints.set(record.taskId, [...(hints.get(record.taskId) ?? []), record.rationale!]);
  return hints;
}
