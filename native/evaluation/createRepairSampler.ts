import { checkClaims } from "../repair/claims/checkClaims.js";
import { runRepair } from "../repair/runRepair.js";
import type { RepairSampler } from "./sampleConditions.js";

/**
 * The repair step (native/repair/runRepair) as evaluation samples with it: the same prompt, parser, sandbox
 * verification and trace-checked claims as the Debugger's repair jobs, so an evaluation measures exactly what
 * the app does. The backend's identity (model hash, tokenizer, context) is described by runRepair itself.
 */
export function createRepairSampler(options: { dataDir: string }): RepairSampler {
  const { dataDir } = options;
  return ({ backend, runner, task, k, firstIndex, seed, temperature, traceFormat, maxTokens, fewShot, grammar, hint, signal }) =>
    runRepair({
      task, backend, dataDir, runtime: runner, k, firstIndex, seed, temperature, traceFormat, signal, checkClaims,
      ...(maxTokens !== undefined ? { maxTokens } : {}), ...(fewShot !== undefined ? { fewShot } : {}), ...(grammar !== undefined ? { grammar } : {}), ...(hint !== undefined ? { hint } : {}),
    });
}
