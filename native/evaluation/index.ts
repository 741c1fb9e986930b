/**
 * Public surface of the evaluation feature for other features (rounds): run or resume an evaluation, find
 * earlier ones by identity, read stored ones, and the estimator itself.
 */
export { runEvaluation, NoTasksError, type EvaluationDeps } from "./runEvaluation.js";
export { findEvaluations } from "./findEvaluations.js";
export { EvaluationStore } from "./EvaluationStore.js";
export { passAtK, averagePassAtK } from "./passAtK.js";
export { compareEvaluations } from "./compareEvaluations.js";
export { defaultEvaluationKs, defaultEvaluationN, defaultEvaluationSplits, defaultEvaluationTemperature } from "./buildEvaluationConfig.js";
export type { RepairSampler } from "./sampleConditions.js";
