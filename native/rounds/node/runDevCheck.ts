import type { EvaluationIdentity } from "../../api/evaluationApi.js";
import type { RoundSettings } from "../../api/roundsApi.js";
import type { JobContext } from "../../common/jobs.js";
import type { RepairSampler } from "../../evaluation/sampleConditions.js";
import { NoTasksError, runEvaluation } from "../../evaluation/runEvaluation.js";
import type { SamplingBackend } from "../../sampling/SamplingBackend.js";
import type { StoredRound } from "../common/storedRun.js";
import { evaluationSourceOf, type RoundsDeps } from "./roundDeps.js";

/**
 * Step 5 of a round: pass@1 on the dev split of the run's task sets, n = evalN samples per task, with the
 * trace (the round's format) and without ("none"), as one evaluation per set (`<run>-r<n>-dev-<i>`, resumable).
 * A set without dev tasks is skipped; pass@1 is averaged over every dev task scored. Null when none was.
 */
export async function runDevCheck(options: {
  deps: RoundsDeps;
  run: string;
  round: StoredRound;
  settings: RoundSettings;
  identity: EvaluationIdentity;
  backend: SamplingBackend;
  sampler: RepairSampler;
  job: JobContext;
}): Promise<NonNullable<StoredRound["devCheck"]> | null> {
  const { deps, run, round, settings, identity, backend, sampler, job } = options;
  const evaluationIds: string[] = [];
  const sums = { trace: { passes: 0, tasks: 0 }, noTrace: { passes: 0, tasks: 0 } };
  const traceFormats = settings.traceFormat === "none" ? (["none"] as const) : ([settings.traceFormat, "none"] as const);
  for (const [index, setId] of settings.taskSetIds.entries()) {
    const id = `${run}-r${round.round}-dev-${index + 1}`;
    try {
      const result = await runEvaluation({
        deps: { dataDir: deps.dataDir, taskStore: deps.taskStore, runner: deps.runtime, sampler },
        args: {
          id, setId, splits: ["dev"], source: evaluationSourceOf(round.model), n: settings.evalN, ks: [1], temperature: settings.temperature,
          traceFormats: [...traceFormats], seed: settings.seed + round.round, maxTokens: settings.maxTokens, ...(settings.grammar ? { grammar: settings.grammar } : {}),
          identity: { ...identity, traceFormat: null },
        },
        backend,
        job,
      });
      job.signal.throwIfAborted();
      evaluationIds.push(id);
      for (const condition of result.conditions) {
        const bucket = condition.traceFormat === "none" ? sums.noTrace : sums.trace;
        const passAt1 = condition.passAtK["1"];
        if (passAt1 === null || passAt1 === undefined) continue;
        bucket.passes += passAt1 * condition.tasks.length;
        bucket.tasks += condition.tasks.length;
      }
    } catch (error) {
      if (error instanceof NoTasksError) continue;
      throw error;
    }
  }
  if (evaluationIds.length === 0) return null;
  const mean = (bucket: { passes: number; tasks: number }) => (bucket.tasks === 0 ? null : bucket.passes / bucket.tasks);
  return { evaluationIds, passAt1: { trace: settings.traceFormat === "none" ? null : mean(sums.trace), noTrace: mean(sums.noTrace) } };
}
