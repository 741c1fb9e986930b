import type { EngineInfo, EngineTarget, EnginesApi, LlamaBindingStatus, LlamaToolsStatus } from "../api/enginesApi.js";
import type { AllowedEndpoint } from "../api/offlineTypes.js";
import type { UserSettings } from "../api/settingsApi.js";
import type { CoreContext } from "../core/CoreContext.js";
import { OpenAiSamplingBackend } from "../sampling/OpenAiSamplingBackend.js";
import { buildLlamaBinding } from "./node/buildLlamaBinding.js";
import { buildLlamaTools } from "./node/buildLlamaTools.js";
import { locateLlamaBindingStatus } from "./node/locateLlamaBindingStatus.js";
import { locateLlamaTools } from "./node/locateLlamaTools.js";
import { pinAllowedHosts } from "./node/pinAllowedHosts.js";
import { readBundledLlamaRelease } from "./node/readBundledLlamaRelease.js";
import { resolveEngine } from "./node/resolveEngine.js";

export interface EnginesService extends EnginesApi {
  /** A sampling backend on a checked engine (not part of the API: the models service samples through it). */
  openEngineBackend(target: EngineTarget): Promise<{ backend: OpenAiSamplingBackend; engine: EngineInfo }>;
}

/**
 * The Engines feature: llama.cpp's own tools built from the bundled release (or the user's own build), and
 * serving engines reached through the OpenAI-compatible backend, loopback unless Settings allow a host.
 */
export function createEnginesService(context: CoreContext, options: { settings: () => UserSettings }): EnginesService {
  let runningBuild: { id: string; done: Promise<unknown> } | null = null;
  let runningBindingBuild: { id: string; done: Promise<unknown> } | null = null;
  const pinned = new Map<string, AllowedEndpoint>();
  // The egress monitor lets through exactly the allow-list in Settings, with addresses pinned at first use.
  const allowedHosts = async () => {
    const entries = options.settings().engines.allowedHosts;
    context.egress.setAllowList(await pinAllowedHosts(entries, pinned));
    return entries;
  };
  const locate = () => locateLlamaTools({ tag: readBundledLlamaRelease().tag, ownBuildDir: options.settings().engines.llamaCppDir });

  return {
    getLlamaTools: async () => locate(),

    async buildLlamaTools(args) {
      if (runningBuild) return { jobId: runningBuild.id };
      const release = readBundledLlamaRelease();
      const job = context.jobs.start({ kind: "engines.buildLlamaTools", title: `Building llama.cpp ${release.tag} tools` }, async (job): Promise<LlamaToolsStatus> => {
        const status = await locate();
        // The user's own build is used as it is; there is nothing of ours to build.
        if (status.source === "setting") return status;
        await buildLlamaTools({
          release, dir: status.dir, force: args?.force === true, signal: job.signal,
          onProgress: ({ done, total }) => job.progress(done, total),
        });
        return locate();
      });
      runningBuild = job;
      void job.done.finally(() => (runningBuild = null)).catch(() => {});
      return { jobId: job.id };
    },

    getLlamaBinding: async () => locateLlamaBindingStatus(),

    async buildLlamaBinding(args) {
      if (runningBindingBuild) return { jobId: runningBindingBuild.id };
      const release = readBundledLlamaRelease();
      const job = context.jobs.start({ kind: "engines.buildLlamaBinding", title: `Building node-llama-cpp's binding (llama.cpp ${release.tag})` }, async (job): Promise<LlamaBindingStatus> => {
        const status = await locateLlamaBindingStatus();
        await buildLlamaBinding({
          release, nodeLlamaCppVersion: status.nodeLlamaCppVersion, dir: status.dir, force: args?.force === true, signal: job.signal,
          onProgress: ({ done, total }) => job.progress(done, total),
        });
        return locateLlamaBindingStatus();
      });
      runningBindingBuild = job;
      void job.done.finally(() => (runningBindingBuild = null)).catch(() => {});
      return { jobId: job.id };
    },

    resolveEngine: async (args) => resolveEngine({ target: args, allowedHosts: await allowedHosts() }),

    async openEngineBackend(target) {
      const engine = await resolveEngine({ target, allowedHosts: await allowedHosts() });
      const retryForMs = options.settings().engines.retryMinutes * 60_000;
      return { backend: new OpenAiSamplingBackend({ baseUrl: engine.baseUrl, model: engine.model, retryForMs }), engine };
    },
  };
}
