import type { RepairModelIdentity } from "../api/repairApi.js";
import { LocalSamplingBackend } from "../sampling/LocalSamplingBackend.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import { engineContextSize, identifyEngine, identifyLocalModel } from "./modelIdentity.js";
import { estimatePromptTokenizer, modelPromptTokenizer, type PromptTokenizer } from "./PromptTokenizer.js";

/** Context assumed for an engine that does not report one (llama.cpp's `/props` does). */
export const DEFAULT_ENGINE_CONTEXT_SIZE = 4096;

/**
 * What runRepair needs to know about a backend: who the model is, how to count its prompt tokens and its
 * context per sequence. A loaded local model is exact (its file hash, tokenizer and chat template); a serving
 * engine is described by its URL, model id and `/props`, with the documented token estimate.
 */
export async function describeRepairBackend(options: {
  backend: SamplingBackend;
  /** Where the model-hash cache lives. */
  dataDir: string;
  /** For a serving engine: its base URL and model id (resolveEngine's EngineInfo). Default: from the backend id. */
  engine?: { url: string; model: string };
}): Promise<{ model: RepairModelIdentity; tokenizer: PromptTokenizer; contextSize: number }> {
  const { backend, dataDir } = options;
  if (backend instanceof LocalSamplingBackend) {
    const model = await identifyLocalModel({ path: backend.info.path, contextSize: backend.settings.contextSize, loraAdapters: backend.settings.loraAdapters, dataDir });
    return { model, tokenizer: modelPromptTokenizer(backend), contextSize: backend.settings.contextSize };
  }
  const engine = options.engine ?? { url: backend.id.replace(/^openai:/, ""), model: "default" };
  const model = await identifyEngine(engine);
  return { model, tokenizer: estimatePromptTokenizer, contextSize: engineContextSize(model) ?? DEFAULT_ENGINE_CONTEXT_SIZE };
}
