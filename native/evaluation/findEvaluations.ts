import type { EvaluationConfig, EvaluationIdentity } from "../api/evaluationApi.js";
import { EvaluationStore } from "./EvaluationStore.js";

/**
 * Stored evaluations whose identity matches every given field (rounds reuse a hard-set estimate only when
 * model hash, adapter, template id, trace format and temperature all match), newest first. A field left out
 * of `identity` is not compared; a field given as null must be null in the evaluation too.
 */
export async function findEvaluations(options: { dataDir: string; identity: Partial<EvaluationIdentity>; setId?: string }): Promise<EvaluationConfig[]> {
  const { dataDir, identity, setId } = options;
  const store = new EvaluationStore({ dataDir });
  const found: EvaluationConfig[] = [];
  for (const id of await store.list()) {
    const config = await store.readConfig(id).catch(() => null);
    if (!config || (setId !== undefined && config.setId !== setId)) continue;
    const matches = (Object.keys(identity) as Array<keyof EvaluationIdentity>).every((key) => identity[key] === undefined || config.identity[key] === identity[key]);
    if (matches) found.push(config);
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
