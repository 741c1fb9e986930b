import { EvaluationStore } from "../../evaluation/EvaluationStore.js";

/**
 * Mean completion tokens of the samples stored in `evaluationIds` (a round's hard-set estimate), or null when
 * they hold none. The planner's calibration cuts its completions at a small cap and counts a cut one at the
 * round's full budget; these samples ran to their natural end, so after the hard set their mean is the better
 * figure (a grammar-forced round's answers end far below the budget: the planner was 3x over without it).
 */
export async function observedTokensPerSample(options: { dataDir: string; evaluationIds: string[] }): Promise<number | null> {
  const store = new EvaluationStore({ dataDir: options.dataDir });
  let tokens = 0;
  let count = 0;
  for (const id of options.evaluationIds) {
    for (const record of await store.readSamples(id)) {
      if (typeof record.tokens !== "number") continue;
      tokens += record.tokens;
      count += 1;
    }
  }
  return count > 0 ? tokens / count : null;
}
