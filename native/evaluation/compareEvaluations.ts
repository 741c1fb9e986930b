import type { ConditionResult, EvaluationComparison, EvaluationResult } from "../api/evaluationApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { seededRandom } from "../common/seededRandom.js";
import { passAtK } from "./passAtK.js";

export { seededRandom };

/**
 * Paired bootstrap of a mean difference: resamples the pairs (tasks) with replacement `resamples` times and
 * takes the percentile interval of the mean of (other - base). Pairing keeps task difficulty out of the noise:
 * both evaluations are scored on the same resampled tasks.
 */
export function pairedBootstrap(options: { differences: number[]; resamples: number; seed: number; confidence: number }): { low: number; high: number } {
  const { differences, resamples, seed, confidence } = options;
  const random = seededRandom(seed);
  const size = differences.length;
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < size; i += 1) sum += differences[Math.floor(random() * size)];
    means[r] = sum / size;
  }
  means.sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
  return { low: at(tail), high: at(1 - tail) };
}

/**
 * Compares two evaluations (base vs other, e.g. the base model vs round n) on pass@k over the tasks both
 * scored at k: the difference of the means and a seeded paired bootstrap interval on it. Tasks only one of
 * them scored are listed, not paired.
 */
export function compareEvaluations(options: {
  base: EvaluationResult;
  other: EvaluationResult;
  /** Default: the smallest k both evaluations were scored at. */
  k?: number;
  /** Default: each one's first condition. */
  baseCondition?: string;
  otherCondition?: string;
  /** Default 10 000. */
  resamples?: number;
  /** Default 1. */
  seed?: number;
  /** Default 0.95. */
  confidence?: number;
}): EvaluationComparison {
  const { base, other, resamples = 10_000, seed = 1, confidence = 0.95 } = options;
  if (!Number.isSafeInteger(resamples) || resamples < 100 || resamples > 1_000_000) throw new InvalidInputError('Field "resamples" must be an integer from 100 to 1000000.', { field: "resamples" });
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidInputError('Field "seed" must be an integer >= 0.', { field: "seed" });
  if (!(confidence > 0 && confidence < 1)) throw new InvalidInputError('Field "confidence" must be between 0 and 1.', { field: "confidence" });
  const baseCondition = pickCondition(base, options.baseCondition, "baseCondition");
  const otherCondition = pickCondition(other, options.otherCondition, "otherCondition");
  const k = options.k ?? Math.min(...base.config.ks.filter((value) => other.config.ks.includes(value)));
  if (!Number.isSafeInteger(k) || k < 1) throw new InvalidInputError('Field "k" must be an integer >= 1 (the evaluations share no k; give one).', { field: "k" });
  const scorable = (condition: ConditionResult) => new Map(condition.tasks.filter((task) => task.n >= k).map((task) => [task.taskId, passAtK({ n: task.n, c: task.c, k })]));
  const baseScores = scorable(baseCondition);
  const otherScores = scorable(otherCondition);
  const perTask = [...baseScores].filter(([taskId]) => otherScores.has(taskId)).map(([taskId, score]) => ({ taskId, base: score, other: otherScores.get(taskId)! }));
  const onlyInBase = [...baseScores.keys()].filter((taskId) => !otherScores.has(taskId));
  const onlyInOther = [...otherScores.keys()].filter((taskId) => !baseScores.has(taskId));
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  const differences = perTask.map((task) => task.other - task.base);
  return {
    baseId: base.evaluationId, otherId: other.evaluationId, condition: { base: baseCondition.id, other: otherCondition.id }, k,
    pairedTasks: perTask.length, onlyInBase, onlyInOther,
    base: mean(perTask.map((task) => task.base)), other: mean(perTask.map((task) => task.other)), difference: mean(differences),
    interval: perTask.length === 0 ? null : { ...pairedBootstrap({ differences, resamples, seed, confidence }), confidence, resamples, seed },
    perTask,
  };
}

function pickCondition(result: EvaluationResult, id: string | undefined, field: string): ConditionResult {
  if (id === undefined) return result.conditions[0];
  const found = result.conditions.find((condition) => condition.id === id);
  if (!found) throw new InvalidInputError(`Field "${field}": evaluation ${result.evaluationId} has no condition "${id}" (it has ${result.conditions.map((c) => c.id).join(", ")}).`, { field });
  return found;
}
