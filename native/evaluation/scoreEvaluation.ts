import type {
  ConditionResult, EvaluationCondition, EvaluationConfig, EvaluationResult, EvaluationSampleRecord, EvaluationTaskScore, SkippedSample, VerdictCounts,
} from "../api/evaluationApi.js";
import type { BugType } from "../api/taskTypes.js";
import { averagePassAtK } from "./passAtK.js";

/** What scoring needs to know about a task. */
export interface ScoredTaskInfo {
  id: string;
  sourceId: string;
  bugType: BugType | null;
}

/**
 * Scores stored sample records (no sampling, no sandbox): per condition, per task n (every sample,
 * unparsable ones included) and c (verdict "pass"), pass@k averaged over tasks, verdict counts, pass@k per
 * bug type and the mean trace-check score. Tasks of the evaluation with no sample in any condition are
 * `missing` and averaged nowhere; within a condition only tasks with samples there are scored.
 */
export function scoreEvaluation(options: {
  config: EvaluationConfig;
  /** The evaluation's tasks, in order. */
  tasks: ScoredTaskInfo[];
  records: EvaluationSampleRecord[];
  skipped?: SkippedSample[];
  leftOut?: EvaluationResult["leftOut"];
  isComplete: boolean;
  /** Default: now. */
  now?: Date;
}): EvaluationResult {
  const { config, tasks, records, skipped = [], leftOut = [], isComplete, now = new Date() } = options;
  const byCondition = new Map<string, Map<string, EvaluationSampleRecord[]>>();
  for (const record of records) {
    const perTask = byCondition.get(record.condition) ?? new Map<string, EvaluationSampleRecord[]>();
    byCondition.set(record.condition, perTask);
    const list = perTask.get(record.taskId) ?? [];
    perTask.set(record.taskId, list);
    list.push(record);
  }
  const conditions = config.conditions.map((condition) => scoreCondition({ condition, ks: config.ks, tasks, perTask: byCondition.get(condition.id) ?? new Map() }));
  const sampled = new Set(records.map((record) => record.taskId));
  const missing = tasks.filter((task) => !sampled.has(task.id)).map((task) => task.id);
  const [first] = conditions;
  return { ...first, evaluationId: config.id, config, missing, leftOut, skipped, conditions, isComplete, scoredAt: now.toISOString() };
}

function scoreCondition(options: { condition: EvaluationCondition; ks: number[]; tasks: ScoredTaskInfo[]; perTask: Map<string, EvaluationSampleRecord[]> }): ConditionResult {
  const { condition, ks, tasks, perTask } = options;
  const scores: EvaluationTaskScore[] = [];
  const verdicts: VerdictCounts = {};
  const checkScores: number[] = [];
  for (const task of tasks) {
    const samples = perTask.get(task.id);
    if (!samples || samples.length === 0) continue;
    const taskVerdicts: VerdictCounts = {};
    const taskChecks: number[] = [];
    for (const sample of samples) {
      taskVerdicts[sample.verdict] = (taskVerdicts[sample.verdict] ?? 0) + 1;
      verdicts[sample.verdict] = (verdicts[sample.verdict] ?? 0) + 1;
      if (typeof sample.checkScore === "number") taskChecks.push(sample.checkScore);
    }
    checkScores.push(...taskChecks);
    scores.push({
      taskId: task.id, sourceId: task.sourceId, bugType: task.bugType, n: samples.length, c: taskVerdicts.pass ?? 0, verdicts: taskVerdicts,
      checkScore: taskChecks.length > 0 ? mean(taskChecks) : null,
    });
  }
  const { passAtK, refusedK } = averagePassAtK({ tasks: scores, ks });
  const byBugType: ConditionResult["byBugType"] = {};
  const bugTypes = [...new Set(scores.map((score) => score.bugType ?? "unknown"))].sort();
  for (const bugType of bugTypes) {
    const group = scores.filter((score) => (score.bugType ?? "unknown") === bugType);
    byBugType[bugType] = { tasks: group.length, passAtK: averagePassAtK({ tasks: group, ks }).passAtK };
  }
  return {
    ...condition, passAtK, tasks: scores, verdicts, byBugType, refusedK,
    checkScore: { mean: checkScores.length > 0 ? mean(checkScores) : null, samples: checkScores.length },
  };
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
