import type { EngineTarget } from "../api/enginesApi.js";
import type { ModelsApi } from "../api/modelsApi.js";
import { TracetuneError } from "../common/TracetuneError.js";
import type { JobRunner } from "../jobs/JobRunner.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import type { EvaluationDeps } from "./runEvaluation.js";

/**
 * How an evaluation gets the backend of its model or engine source: an engine through the engines feature
 * (loopback unless allowed), a model by loading it through the models feature (the core's one loaded model,
 * so the app shows it loaded), unless that exact file with those adapters is loaded already.
 */
export function createSourceBackendOpener(options: {
  models: Pick<ModelsApi, "loadModel" | "getLoadedModel">;
  jobs: JobRunner;
  loadedBackend: () => SamplingBackend | null;
  openEngine: (target: EngineTarget) => Promise<{ backend: SamplingBackend }>;
}): NonNullable<EvaluationDeps["openBackend"]> {
  const { models, jobs, loadedBackend, openEngine } = options;
  return async (source, signal) => {
    if (source.kind === "engine") return (await openEngine(source.engine)).backend;
    const adapters = source.loraAdapters ?? [];
    const loaded = await models.getLoadedModel();
    const isLoaded = loaded && loaded.path === source.path && loaded.loraAdapters.length === adapters.length && loaded.loraAdapters.every((file, i) => file === adapters[i]);
    if (!isLoaded) {
      const { jobId } = await models.loadModel({ path: source.path, loraAdapters: adapters });
      await waitForJob(jobs, jobId, signal);
    }
    const backend = loadedBackend();
    if (!backend) throw new TracetuneError("no_model_loaded", `The model ${source.path} is not loaded (it was unloaded while the evaluation started).`);
    return backend;
  };
}

/** Waits for another job of the core to end (cancelling it with ours); throws its error when it failed. */
async function waitForJob(jobs: JobRunner, jobId: string, signal: AbortSignal): Promise<void> {
  const onAbort = () => jobs.cancel(jobId);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const state = jobs.get(jobId);
      if (state.status === "failed") throw new TracetuneError(state.error?.code ?? "internal", state.error?.message ?? "Loading the model failed.", state.error?.details ?? {});
      if (state.status === "cancelled") signal.throwIfAborted();
      if (state.status !== "running") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
