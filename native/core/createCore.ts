import { EventEmitter } from "node:events";
import path from "node:path";
import type { TracetuneApi } from "../api/contract.js";
import type { ApiEvent, ApiEvents, ApiEventTopic } from "../api/events.js";
import { TracetuneError } from "../common/TracetuneError.js";
import { createEnginesService } from "../engines/createEnginesService.js";
import { createExportService } from "../export/createExportService.js";
import { createEvaluationService } from "../evaluation/createEvaluationService.js";
import { createSourceBackendOpener } from "../evaluation/openSourceBackend.js";
import { createRoundsService } from "../rounds/createRoundsService.js";
import { createPowerService } from "../power/createPowerService.js";
import type { PowerBlocker } from "../power/common/PowerBlocker.js";
import { createFilesService } from "../files/createFilesService.js";
import { createJobsService } from "../jobs/createJobsService.js";
import { createModelsService } from "../models/createModelsService.js";
import { JobRunner } from "../jobs/JobRunner.js";
import { parseAllowedHost } from "../engines/node/checkEngineHost.js";
import { DnsGuard } from "../offline/DnsGuard.js";
import { EgressMonitor } from "../offline/EgressMonitor.js";
import { SharedPythonRuntime } from "../python/SharedPythonRuntime.js";
import type { LocalSamplingBackend } from "../sampling/LocalSamplingBackend.js";
import { createPythonService } from "../python/createPythonService.js";
import type { UserSettings } from "../api/settingsApi.js";
import { createSettingsService, defaultSettings } from "../settings/createSettingsService.js";
import { createTasksService } from "../tasks/createTasksService.js";
import { createTraceService } from "../trace/createTraceService.js";
import { createTrainingService } from "../training/createTrainingService.js";
import { createRoundTrainer } from "../training/node/createRoundTrainer.js";
import { createRepairService } from "../repair/createRepairService.js";
import { resolveDataDir } from "../storage/resolveDataDir.js";
import type { CoreContext } from "./CoreContext.js";

export interface Core {
  api: TracetuneApi;
  context: CoreContext;
  /** Subscribes to every pushed event; returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  dispose(): Promise<void>;
}

/**
 * Builds the headless core: installs the egress monitor, opens the stores in the data dir and assembles the
 * API from the feature services. Every front door (Electron core host, web host, CLI) starts here.
 */
export async function createCore(options: {
  /** Data dir from a --data-dir flag; default: TRACETUNE_DATA_DIR, else the platform app-data folder. */
  dataDir?: string;
  host: CoreContext["host"];
  /** How this host keeps the machine awake during long work (Electron: powerSaveBlocker); default: the platform's inhibitor command. */
  powerBlocker?: PowerBlocker;
}): Promise<Core> {
  const egress = EgressMonitor.install();
  const { dataDir, source } = resolveDataDir({ flag: options.dataDir });
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const cleanups: Array<() => void | Promise<void>> = [];
  const emit = <T extends ApiEventTopic>(topic: T, payload: ApiEvents[T]) => bus.emit("event", { topic, payload } as ApiEvent);
  const jobs = new JobRunner((job) => emit("job", job));
  cleanups.push(() => jobs.dispose());

  // Settings come first: the Python sandbox reads its pool size, limits and caps from them.
  let readSettings: () => UserSettings = () => defaultSettings;
  const python = new SharedPythonRuntime({
    start: () => {
      const { poolSize } = readSettings().python;
      // A CLI command lives for one command: no spare interpreter kept warm for later.
      return { cacheDir: path.join(dataDir, "cache"), ...(poolSize === "auto" ? {} : { size: poolSize }), ...(options.host === "cli" ? { spares: 0 } : {}) };
    },
    defaults: () => readSettings().python,
  });
  cleanups.push(() => python.dispose());

  const context: CoreContext = {
    dataDir, dataDirSource: source, host: options.host, jobs, egress, python, emit, inputLimits: () => readSettings().input,
    onDispose: (cleanup) => void cleanups.push(cleanup),
  };

  let loadedModel: LocalSamplingBackend | null = null;
  const { current: currentSettings, ...settingsApi } = await createSettingsService(context);
  readSettings = currentSettings;
  // DNS queries are egress too: refused in the core but for loopback names and the engine hosts the user allowed.
  DnsGuard.install({ isAllowedName: (name) => readSettings().engines.allowedHosts.some((entry) => parseAllowedHost(entry)?.host === name) });
  const { openEngineBackend, ...enginesApi } = createEnginesService(context, { settings: currentSettings });
  const api: TracetuneApi = {
    ...settingsApi,
    ...createJobsService(context),
    ...createFilesService(context),
    ...enginesApi,
    ...(await createExportService(context)),
    // Trainers come from the llama.cpp build of the engines feature.
    ...(await createTrainingService(context, { locateTools: () => enginesApi.getLlamaTools() })),
    ...(await createModelsService(context, { onLoadedChange: (backend) => (loadedModel = backend), openEngine: openEngineBackend })),
    ...createPythonService(context),
    ...(await createTasksService(context)),
    ...(await createTraceService(context, {
      // Count render budgets with the loaded model's own tokenizer; without a model, the documented estimate.
      modelTokenizer: () => (loadedModel ? { countTokens: (text) => loadedModel!.tokenize(text).length, name: loadedModel.id } : null),
    })),
    ...(await createRepairService(context, {
      getTask: (id) => api.getTask({ id }), loadedModel: () => loadedModel, openEngine: openEngineBackend, traceSettings: () => api.getTraceSettings(),
    })),
    ...(await createEvaluationService(context, {
      // Model sources load through the models feature (the core's one loaded model), engines through engines.
      openBackend: createSourceBackendOpener({
        models: { loadModel: (args) => api.loadModel(args), getLoadedModel: () => api.getLoadedModel() },
        jobs, loadedBackend: () => loadedModel, openEngine: openEngineBackend,
      }),
    })),
    ...(await createRoundsService(context, {
      // A run's model loads like an evaluation's (the core's one loaded model); engines through the engines feature.
      openBackend: createSourceBackendOpener({
        models: { loadModel: (args) => api.loadModel(args), getLoadedModel: () => api.getLoadedModel() },
        jobs, loadedBackend: () => loadedModel, openEngine: openEngineBackend,
      }),
      loadedModel: () => loadedModel, openEngine: openEngineBackend, traceSettings: () => api.getTraceSettings(),
      // Between rounds: export the kept samples and train the base with llama-finetune (docs/training.md).
      trainer: () => createRoundTrainer({
        locateTools: () => enginesApi.getLlamaTools(),
        // The training settings as they are when each round's training starts (Settings page, `tracetune settings`).
        training: async () => {
          const { epochs, learningRate, quantize, corpus } = await api.getTrainingSettings();
          return { epochs, learningRate, quantize, corpus };
        },
      }),
    })),
    ...createPowerService(context, {
      blocker: options.powerBlocker, isEnabled: () => readSettings().jobs.keepAwake,
      onJob: (listener) => bus.on("event", (event: ApiEvent) => event.topic === "job" && listener(event.payload)),
    }),
  };

  let isDisposed = false;
  return {
    api,
    context,
    subscribe(listener) {
      bus.on("event", listener);
      return () => bus.off("event", listener);
    },
    async dispose() {
      if (isDisposed) return;
      isDisposed = true;
      for (const cleanup of cleanups.reverse()) await cleanup();
      bus.removeAllListeners();
    },
  };
}

export class CoreDisposedError extends TracetuneError {
  constructor() {
    super("disposed", "The tracetune core has been shut down.");
  }
}
