import type { EngineInfo } from "../../api/enginesApi.js";
import { engineContextSize, identifyEngine, identifyLocalModel } from "../../repair/modelIdentity.js";
import { estimatePromptTokenizer, modelPromptTokenizer } from "../../repair/PromptTokenizer.js";
import type { LocalSamplingBackend } from "../../sampling/LocalSamplingBackend.js";
import type { SamplingBackend } from "../../sampling/SamplingBackend.js";
import type { OpenedRoundModel } from "./roundDeps.js";

/** Context assumed for an engine that does not report one (llama.cpp's /props does). */
const DEFAULT_ENGINE_CONTEXT = 4096;
/** Requests an engine backend keeps in flight (OpenAiSamplingBackend's default). */
const ENGINE_PARALLEL = 8;

/** A loaded local model as a round uses it: identity with file hashes (cached in the data dir), exact tokenizer. */
export async function openedLocalModel(options: { backend: LocalSamplingBackend; dataDir: string; release?: () => Promise<void> }): Promise<OpenedRoundModel> {
  const { backend, dataDir } = options;
  const identity = await identifyLocalModel({ path: backend.info.path, contextSize: backend.settings.contextSize, loraAdapters: backend.settings.loraAdapters, dataDir });
  return {
    backend, identity, tokenizer: modelPromptTokenizer(backend), contextSize: backend.settings.contextSize, parallelSequences: backend.settings.parallelSequences, threads: backend.settings.threads,
    release: options.release ?? (async () => {}),
  };
}

/** A serving engine as a round uses it: identity with the server's props, estimated token counts; disposed on release. */
export async function openedEngineModel(options: { backend: SamplingBackend; engine: EngineInfo }): Promise<OpenedRoundModel> {
  const { backend, engine } = options;
  const identity = await identifyEngine({ url: engine.baseUrl, model: engine.model });
  return {
    backend, identity, tokenizer: estimatePromptTokenizer, contextSize: engineContextSize(identity) ?? DEFAULT_ENGINE_CONTEXT, parallelSequences: ENGINE_PARALLEL, threads: null,
    release: () => backend.dispose(),
  };
}
