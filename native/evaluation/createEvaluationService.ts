import type { EvaluationApi, EvaluationInfo, EvaluationResult } from "../api/evaluationApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { TaskStore } from "../tasks/index.js";
import { registerTaskSetUser } from "../tasks/setUsers.js";
import { buildEvaluationConfig } from "./buildEvaluationConfig.js";
import { compareEvaluations } from "./compareEvaluations.js";
import { EvaluationStore } from "./EvaluationStore.js";
import { assertSameSampling, runEvaluation, type EvaluationDeps } from "./runEvaluation.js";
import { scoreEvaluation } from "./scoreEvaluation.js";

/**
 * The evaluation feature: evaluations as jobs ("evaluation.run"), stored under `<dataDir>/evaluations`, read
 * back, re-scored without sampling, compared, deleted. Model and engine sources get their backend from the
 * core (`openBackend`), which loads the model so the rest of the app sees it loaded.
 */
export async function createEvaluationService(context: CoreContext, options: { openBackend?: EvaluationDeps["openBackend"] } = {}): Promise<EvaluationApi> {
  const taskStore = await TaskStore.shared({ dataDir: context.dataDir });
  const store = new EvaluationStore({ dataDir: context.dataDir });
  const deps: EvaluationDeps = { dataDir: context.dataDir, taskStore, runner: () => context.python.get(), openBackend: options.openBackend };
  // Deleting a set (or a task) an evaluation scored asks first: its samples would point at nothing.
  context.onDispose(registerTaskSetUser("evaluation", async ({ dataDir, setId, taskId }) => {
    if (dataDir !== context.dataDir) return [];
    const uses = [];
    for (const id of await store.list()) {
      const config = await store.readConfig(id).catch(() => null);
      if (config?.setId !== setId) continue;
      if (taskId !== undefined && !(await store.readSamples(id)).some((record) => record.taskId === taskId)) continue;
      uses.push({ kind: "evaluation", id, title: `Evaluation ${id} (${config.conditions.map((condition) => condition.id).join(", ")})`, ...(taskId ? { taskIds: [taskId] } : {}) });
    }
    return uses;
  }));

  /** A stored evaluation's summary; one whose summary was never written (a crash before scoring) is scored now. */
  const summaryOf = async (id: string): Promise<EvaluationResult> => {
    const summary = await store.readSummary(id);
    if (summary) return summary;
    return rescore(id);
  };

  const rescore = async (id: string, ks?: number[]): Promise<EvaluationResult> => {
    if (ks !== undefined && (!Array.isArray(ks) || ks.length === 0 || ks.some((k) => !Number.isSafeInteger(k) || k < 1))) throw new InvalidInputError('Field "ks" must list integers >= 1.', { field: "ks" });
    const config = await store.readConfig(id);
    const previous = await store.readSummary(id);
    const updated = ks ? { ...config, ks: [...new Set(ks)].sort((a, b) => a - b) } : config;
    if (ks) await store.writeConfig(updated);
    const records = await store.readSamples(id);
    // The task list of the earlier scoring (the set may have changed since); without one, the tasks sampled.
    const tasks = previous
      ? [...previous.conditions.flatMap((condition) => condition.tasks).map((task) => ({ id: task.taskId, sourceId: task.sourceId, bugType: task.bugType })), ...previous.missing.map((taskId) => ({ id: taskId, sourceId: taskId, bugType: null }))]
      : [...new Set(records.map((record) => record.taskId))].map((taskId) => ({ id: taskId, sourceId: taskId, bugType: null }));
    const unique = [...new Map(tasks.map((task) => [task.id, task])).values()];
    const summary = scoreEvaluation({ config: updated, tasks: unique, records, skipped: previous?.skipped ?? [], leftOut: previous?.leftOut ?? [], isComplete: previous?.isComplete ?? false });
    await store.writeSummary(summary);
    return summary;
  };

  return {
    async evaluate(args) {
      const what = args?.source?.kind === "samples" ? `samples ${args.source.file}` : args?.source?.kind === "model" ? args.source.path : args?.source?.kind === "engine" ? args.source.engine?.url : "?";
      // Bad arguments and a missing samples file fail the call itself, before a job starts.
      const config = await buildEvaluationConfig(args);
      taskStore.getSet(config.setId);
      if (await store.exists(config.id)) assertSameSampling(await store.readConfig(config.id), config);
      // A model evaluation uses the core's one loaded model: it queues behind other jobs that use it (and the load
      // it starts inside inherits its hold); engines and samples files need no model.
      const needs = config.source.kind === "model" ? ["model"] : [];
      const job = context.jobs.start({ kind: "evaluation.run", title: `Evaluate ${what} on ${args.setId}`, needs }, (job) => runEvaluation({ deps, args, config, job }));
      return { jobId: job.id };
    },

    async listEvaluations() {
      const infos: EvaluationInfo[] = [];
      for (const id of await store.list()) {
        const config = await store.readConfig(id).catch(() => null);
        if (!config) continue;
        const summary = await store.readSummary(id).catch(() => null);
        infos.push({
          id, setId: config.setId, source: config.source, conditions: config.conditions.map((condition) => condition.id), createdAt: config.createdAt,
          passAtK: summary?.passAtK ?? null, isComplete: summary?.isComplete ?? false, samples: (await store.readSamples(id)).length, sizeBytes: await store.sizeBytes(id),
        });
      }
      return infos.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    async getEvaluation(args) {
      return summaryOf(requireId(args?.id, "id"));
    },

    async rescoreEvaluation(args) {
      return rescore(requireId(args?.id, "id"), args?.ks);
    },

    async listEvaluationSamples(args) {
      const id = requireId(args?.id, "id");
      const { condition, taskId, offset = 0, limit = 200 } = args;
      await store.readConfig(id);
      const records = (await store.readSamples(id)).filter((record) => (condition === undefined || record.condition === condition) && (taskId === undefined || record.taskId === taskId));
      return { total: records.length, samples: records.slice(offset, offset + limit) };
    },

    async compareEvaluations(args) {
      const base = await summaryOf(requireId(args?.baseId, "baseId"));
      const other = await summaryOf(requireId(args?.otherId, "otherId"));
      return compareEvaluations({ ...args, base, other });
    },

    async deleteEvaluation(args) {
      return { isDeleted: await store.delete(requireId(args?.id, "id")) };
    },
  };
}

function requireId(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw new InvalidInputError(`Field "${field}" must be an evaluation id.`, { field });
  return value;
}
