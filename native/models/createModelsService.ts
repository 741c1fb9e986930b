import { stat } from "node:fs/promises";
import path from "node:path";
import type { CatalogEntry, GpuBackend, GpuInfo, LoadedModel, ModelsApi, ScanResult } from "../api/modelsApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import type { EngineTarget } from "../api/enginesApi.js";
import { LocalSamplingBackend } from "../sampling/LocalSamplingBackend.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import { validateSampleRequest } from "../sampling/validateSampleRequest.js";
import { checkLoraAdapters } from "./checkLoraAdapters.js";
import { estimateModelMemory } from "./estimateModelMemory.js";
import { disposeLlamas, loadLlama } from "./loadLlama.js";
import { SampleProgress } from "./SampleProgress.js";
import { NoModelLoadedError } from "./NoModelLoadedError.js";
import { openModelCatalog } from "./openModelCatalog.js";
import { ModelFolderWatcher } from "./ModelFolderWatcher.js";
import { physicalCoreCount } from "./physicalCoreCount.js";
import { readModelInfo } from "./readModelInfo.js";
import { describeContextClamp, resolveContextSize } from "./resolveContextSize.js";
import { COPY_QUIET_MS, scanModelFolder } from "./scanModelFolder.js";

/** Token deltas of a running sample job are pushed at most this often, batched per completion. */
const SAMPLE_EVENT_INTERVAL_MS = 100;

/**
 * The Models feature: watched folders and the catalog (lowdb `models.json`), header info and memory
 * estimates, GPU detection, one loaded model at a time, and k-sample jobs streaming token deltas.
 */
export async function createModelsService(context: CoreContext, options: {
  /** Told whenever the loaded model changes (null: none loaded), e.g. so trace rendering counts with its tokenizer. */
  onLoadedChange?: (backend: LocalSamplingBackend | null) => void;
  /** Opens a sampling backend on a serving engine, for `sample({engine})`; without it, engines are refused. */
  openEngine?: (target: EngineTarget) => Promise<{ backend: SamplingBackend }>;
} = {}): Promise<ModelsApi> {
  const catalog = await openModelCatalog({ dataDir: context.dataDir });
  let loaded: { backend: LocalSamplingBackend; view: LoadedModel } | null = null;
  const setLoaded = (value: typeof loaded) => {
    loaded = value;
    options.onLoadedChange?.(value?.backend ?? null);
  };
  context.onDispose(async () => {
    await loaded?.backend.dispose();
    setLoaded(null);
    await disposeLlamas();
  });

  const requirePath = (value: unknown, field = "path"): string => {
    if (typeof value !== "string" || value === "") throw new InvalidInputError(`Field "${field}" must be a file path.`, { field });
    return path.resolve(value);
  };

  const recordScan = async (result: ScanResult) => {
    const scannedAt = new Date().toISOString();
    await catalog.update((doc) => {
      doc.models = doc.models.filter((m) => m.folder !== result.folder);
      doc.models.push(...result.models.map((info): CatalogEntry => ({ ...info, folder: result.folder, scannedAt })));
    });
  };

  const scanFolder = async (folder: string, isRecorded: boolean) => {
    const job = context.jobs.start({ kind: "models.scan", title: `Scanning ${folder}` }, (job) => scanModelFolder({ folder, signal: job.signal, onProgress: job.progress }));
    const result = await job.done;
    if (isRecorded) await recordScan(result);
    if (result.copying.length > 0) watcher?.schedule(folder, COPY_QUIET_MS + 250);
    return result;
  };

  // Watched folders notice new, removed and finished-copying files without a Rescan. Not for the one-shot CLI,
  // whose commands read the catalog and exit (a recursive watch walks the whole tree when it starts).
  const rescans = new Map<string, Promise<void>>();
  const rescanWatched = (folder: string) => {
    const previous = rescans.get(folder) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!catalog.data.folders.includes(folder)) return;
      const before = new Set(catalog.data.models.filter((m) => m.folder === folder).map((m) => m.path));
      const result = await scanModelFolder({ folder }).catch(() => null);
      if (!result) return;
      await recordScan(result);
      const after = new Set(result.models.map((m) => m.path));
      // A file still being copied is looked at again once it has been quiet long enough to read.
      if (result.copying.length > 0) watcher?.schedule(folder, COPY_QUIET_MS + 250);
      context.emit("models", {
        folder, added: [...after].filter((file) => !before.has(file)), removed: [...before].filter((file) => !after.has(file)),
        copying: result.copying.map((file) => file.path), broken: result.broken,
      });
    });
    rescans.set(folder, next.catch(() => {}));
  };
  const watcher = context.host === "cli" ? null : new ModelFolderWatcher({ onChange: rescanWatched });
  for (const folder of catalog.data.folders) watcher?.watch(folder);
  context.onDispose(() => watcher?.dispose());

  return {
    listModelFolders: async () => [...catalog.data.folders],

    async addModelFolder(args) {
      const folder = requirePath(args?.folder, "folder");
      const stats = await stat(folder).catch(() => null);
      if (!stats?.isDirectory()) throw new InvalidInputError(`Model folder ${folder} does not exist or is not a folder.`, { field: "folder", folder });
      if (!catalog.data.folders.includes(folder)) await catalog.update((doc) => void doc.folders.push(folder));
      watcher?.watch(folder);
      return scanFolder(folder, true);
    },

    async removeModelFolder(args) {
      const folder = requirePath(args?.folder, "folder");
      watcher?.unwatch(folder);
      await catalog.update((doc) => {
        doc.folders = doc.folders.filter((f) => f !== folder);
        doc.models = doc.models.filter((m) => m.folder !== folder);
      });
      return [...catalog.data.folders];
    },

    async scanModels(args) {
      if (args?.folder !== undefined) {
        const folder = requirePath(args.folder, "folder");
        return [await scanFolder(folder, catalog.data.folders.includes(folder))];
      }
      const results: ScanResult[] = [];
      for (const folder of catalog.data.folders) results.push(await scanFolder(folder, true));
      return results;
    },

    listModels: async () => [...catalog.data.models],

    getModelInfo: async (args) => (await readModelInfo({ file: requirePath(args?.path) })).info,

    async estimateModelMemory(args) {
      const { fileInfo } = await readModelInfo({ file: requirePath(args?.path) });
      const llama = await loadLlama({ gpu: (args.gpuLayers ?? 0) > 0 ? "auto" : "cpu" });
      return estimateModelMemory({ fileInfo, llama, contextSize: args.contextSize, gpuLayers: args.gpuLayers, sequences: args.sequences });
    },

    async getGpuInfo(): Promise<GpuInfo> {
      const llama = await loadLlama({ gpu: "auto" });
      const { getLlamaGpuTypes } = await import("node-llama-cpp");
      const available = (await getLlamaGpuTypes("supported")).filter((t): t is GpuBackend => t !== false);
      const backend = llama.gpu === false ? null : llama.gpu;
      const vram = backend ? await llama.getVramState() : null;
      return {
        backend,
        available,
        deviceNames: backend ? await llama.getGpuDeviceNames() : [],
        vram: vram ? { total: vram.total, free: vram.free } : null,
        physicalCores: physicalCoreCount(),
      };
    },

    async loadModel(args) {
      const file = requirePath(args?.path);
      const { info } = await readModelInfo({ file }); // a broken file fails the call itself, naming it
      // So does a missing or wrong adapter, naming the adapter; the loaded model is not touched by either.
      const loraAdapters = await checkLoraAdapters(args.loraAdapters);
      const { clamp } = resolveContextSize({ requested: args.contextSize, trainedContextLength: info.trainedContextLength });
      // needs "model": a load waits for jobs sampling from the loaded model (rounds, evaluations) to finish.
      const { id } = context.jobs.start({ kind: "models.load", title: `Loading ${info.fileName}`, total: 100, needs: ["model"] }, async (job) => {
        // The working model stays loaded (and in use) until the new one has loaded: a failed load changes nothing.
        // Both are in memory meanwhile; unload first (unloadModel) when memory is too tight for that.
        const backend = await LocalSamplingBackend.create({
          modelPath: file, gpu: args.gpu, gpuLayers: args.gpuLayers, contextSize: args.contextSize,
          parallelSequences: args.parallelSequences, threads: args.threads, loraAdapters,
          signal: job.signal, onLoadProgress: (fraction) => job.progress(Math.round(fraction * 100), 100),
        });
        const view: LoadedModel = {
          path: file, folder: catalog.data.folders.find((folder) => file.startsWith(folder + path.sep)) ?? path.dirname(file),
          info: backend.info, backend: backend.backend, gpuLayers: backend.model.gpuLayers,
          contextSize: backend.settings.contextSize, parallelSequences: backend.settings.parallelSequences,
          threads: backend.settings.threads, threadChoice: backend.threadChoice, loraAdapters: backend.settings.loraAdapters, loadedAt: new Date().toISOString(),
          contextClamp: clamp, warnings: clamp ? [describeContextClamp(clamp)] : [],
        };
        const previous = loaded;
        setLoaded({ backend, view });
        await previous?.backend.dispose();
        job.progress(100, 100);
        return view;
      });
      return { jobId: id };
    },

    async unloadModel() {
      if (!loaded) return { isUnloaded: false };
      const { backend } = loaded;
      setLoaded(null);
      await backend.dispose();
      return { isUnloaded: true };
    },

    getLoadedModel: async () => loaded?.view ?? null,

    async sample(args) {
      const engine = args?.engine;
      if (!engine && !loaded) throw new NoModelLoadedError();
      const request = args?.request;
      if (!request || typeof request !== "object") throw new InvalidInputError('Field "request" must be a sample request object.', { field: "request" });
      // Validate before starting the job, so a bad request fails the call itself, naming the field.
      const resolved = validateSampleRequest(request);
      if (engine && !options.openEngine) throw new InvalidInputError("This core samples from no serving engine.", { field: "engine" });
      // An engine is checked (URL, allowed host, model) before the job starts, so a bad one fails the call itself.
      const engineBackend: SamplingBackend | null = engine ? (await options.openEngine!(engine)).backend : null;
      // A grammar that does not compile fails the call itself, naming "grammar", instead of a job that fails at once.
      if (!engine && resolved.grammar !== undefined) await loaded!.backend.checkGrammar(resolved.grammar);
      // Progress in decode steps for the local backend (it decodes a wave's completions together), else tokens.
      const progressOf = (backend: SamplingBackend | undefined) => new SampleProgress({ ...resolved, parallelSequences: backend === loaded?.backend && loaded ? loaded.view.parallelSequences : null });
      const total = progressOf(engineBackend ?? loaded?.backend).initialTotal;
      const { id } = context.jobs.start({ kind: "models.sample", title: `Sampling k=${request.k}`, total, needs: engine ? [] : ["model"] }, async (job) => {
        // The loaded model as it is when the job's turn comes (a load queued before it may have replaced it).
        const backend: SamplingBackend | undefined = engineBackend ?? loaded?.backend;
        if (!backend) throw new NoModelLoadedError();
        // Ended completions lower the total by what they left unused, so a finished job ends at its total.
        const progress = progressOf(backend);
        const report = () => job.progress(progress.done, progress.total);
        let pending: Record<number, string> = {};
        let lastPush = 0;
        const push = (force: boolean) => {
          const now = Date.now();
          if (!force && now - lastPush < SAMPLE_EVENT_INTERVAL_MS) return;
          const deltas = Object.entries(pending).map(([index, text]) => ({ index: Number(index), text }));
          if (deltas.length === 0) return;
          pending = {};
          lastPush = now;
          context.emit("sample", { jobId: id, deltas });
        };
        try {
          const result = await backend.sample(resolved, {
            signal: job.signal,
            onTokens: (index, text) => {
              pending[index] = (pending[index] ?? "") + text;
              progress.piece();
              report();
              push(false);
            },
            onTokenCount: (index, tokens) => {
              progress.tokenCount(index, tokens);
              report();
            },
            // A serving engine that went away: the job shows "waiting for engine" until it is back.
            onWaiting: (waiting) => job.waiting?.(waiting ? { resource: "engine", ...waiting } : null),
            onCompletionEnd: (index, tokens) => {
              progress.completionEnd(index, tokens);
              report();
            },
            onRetry: (index) => {
              delete pending[index];
              context.emit("sample", { jobId: id, deltas: [], restarted: [index] });
            },
          });
          push(true);
          return result;
        } finally {
          // An engine's backend lives for one job; the loaded model stays loaded.
          if (engine) await backend.dispose();
        }
      });
      return { jobId: id };
    },
  };
}
