import type { RepairSampler } from "../../evaluation/sampleConditions.js";
import type { CheckClaims } from "../../repair/judgeCompletion.js";
import { runRepair } from "../../repair/runRepair.js";
import type { SandboxRuntime } from "../../python/SharedPythonRuntime.js";
import type { TraceRenderSettings } from "../../trace/common/types.js";
import type { OpenedRoundModel } from "./roundDeps.js";

/**
 * The repair step bound to a round's open model, in the form evaluation calls it (hard-set estimate and dev
 * check): the same prompt, parser and sandbox as the round's own samples. The backend evaluation passes is
 * the round's, so it is not looked at again.
 */
export function repairSamplerFor(options: { opened: OpenedRoundModel; runtime: SandboxRuntime; traceSettings: TraceRenderSettings; fewShot: number; checkClaims?: CheckClaims }): RepairSampler {
  const { opened, runtime, traceSettings, fewShot, checkClaims } = options;
  return (call) => runRepair({
    task: call.task, backend: opened.backend, model: opened.identity, tokenizer: opened.tokenizer, contextSize: opened.contextSize, runtime, traceSettings,
    traceFormat: call.traceFormat, fewShot, k: call.k, firstIndex: call.firstIndex, seed: call.seed, temperature: call.temperature, maxTokens: call.maxTokens,
    grammar: call.grammar, checkClaims, signal: call.signal,
  });
}
