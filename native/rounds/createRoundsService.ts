import type { EngineInfo, EngineTarget } from "../api/enginesApi.js";
import type { RoundRunStatus, RoundsApi } from "../api/roundsApi.js";
import { CancelledError, InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import type { EvaluationDeps } from "../evaluation/runEvaluation.js";
import { detectNetworkIsolation } from "../python/node/detectNetworkIsolation.js";
import type { CheckClaims } from "../repair/judgeCompletion.js";
import type { LocalSamplingBackend } from "../sampling/LocalSamplingBackend.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import { readVersions } from "../settings/readVersions.js";
import { TaskStore } from "../tasks/TaskStore.js";
import type { TraceRenderSettings } from "../trace/common/types.js";
import { checkRoundModel, checkRunName, resolveRoundSettings } from "./common/roundSettings.js";
import { openedEngineModel, openedLocalModel } from "./node/openRoundModel.js";
import { planFirstRound } from "./node/planFirstRound.js";
import { prepareRun, checkReachable } from "./node/prepareRun.js";
import type { RoundTrainer, RoundsDeps } from "./node/roundDeps.js";
import { readRunStatus } from "./node/readRunStatus.js";
import { runRounds } from "./node/runRounds.js";
import { RunStore } from "./node/RunStore.js";
import { verifyRun } from "./node/verifyRun.js";
import { setRunModel } from "./setRunModel.js";

/**
 * The rounds feature (issue 13, docs/rounds.md): runs of self-training rounds stored under `<dataDir>/rounds`,
 * each run of rounds a job ("rounds.run") that queues behind other jobs using the model (`needs: ["model"]`),
 * pause (cancel, leaving it resumable) and resume, status, samples, the next round's model, verify.
 */
export async function createRoundsService(context: CoreContext, options: {
  /** Loads a model (through the models feature, so the app shows it loaded); the same opener evaluation uses. */
  openBackend: NonNullable<EvaluationDeps["openBackend"]>;
  /** The loaded model's backend (after openBackend loaded it). */
  loadedModel: () => LocalSamplingBackend | null;
  openEngine: (target: EngineTarget) => Promise<{ backend: SamplingBackend; engine: EngineInfo }>;
  traceSettings: () => Promise<TraceRenderSettings>;
  checkClaims?: CheckClaims;
  /** Trains between rounds; null until one is configured (then `rounds` > 1 is refused). */
  trainer?: () => RoundTrainer | null;
}): Promise<RoundsApi> {
  const store = new RunStore({ dataDir: context.dataDir });
  const taskStore = await TaskStore.shared({ dataDir: context.dataDir });
  const versions = readVersions();
  const running = new Map<string, string>();
  const trainer = () => options.trainer?.() ?? null;
  const hasTrainer = async () => {
    const configured = trainer();
    return configured !== null && (configured.isReady ? await configured.isReady() : true);
  };

  const deps = (): RoundsDeps => ({
    dataDir: context.dataDir, taskStore, runtime: () => context.python.get(), traceSettings: options.traceSettings, checkClaims: options.checkClaims,
    trainer: trainer(),
    receiptRuntime: async () => ({ pyodide: versions.pyodide, tracetune: versions.tracetune, network: detectNetworkIsolation().namespace, nodeLlamaCpp: versions.nodeLlamaCpp }),
    async openModel(model, signal) {
      if (model.kind === "engine") return openedEngineModel(await options.openEngine(model.engine));
      await options.openBackend({ kind: "model", path: model.path, loraAdapters: model.loraAdapters }, signal);
      const backend = options.loadedModel();
      if (!backend) throw new InvalidInputError(`The model ${model.path} could not be loaded.`, { field: "model" });
      return openedLocalModel({ backend, dataDir: context.dataDir });
    },
  });

  const start = (name: string, title: string) => {
    const { id } = context.jobs.start({ kind: "rounds.run", title, needs: ["model"] }, async (job) => {
      try {
        return await runRounds({ deps: deps(), store, name, job });
      } catch (error) {
        // Paused by another process's request (not this job's cancel): end the job as cancelled all the same.
        if (error instanceof CancelledError && !job.signal.aborted) context.jobs.cancel(id);
        throw error;
      } finally {
        if (running.get(name) === id) running.delete(name);
        context.emit("rounds", { name });
      }
    });
    running.set(name, id);
    return { jobId: id };
  };

  return {
    async runRounds(args) {
      if (!args || typeof args !== "object") throw new InvalidInputError("runRounds needs an options object.");
      const { run, isNew } = await prepareRun({ store, taskStore, args, hasTrainer: await hasTrainer() });
      if (!isNew) await store.updateRun(run.name, (stored) => ({ ...stored, targetRounds: run.targetRounds }));
      context.emit("rounds", { name: run.name });
      return start(run.name, `${isNew ? "Run" : "Resume"} rounds of ${run.name}`);
    },

    async resumeRounds(args) {
      const name = checkRunName(args?.name);
      const run = await store.readRun(name);
      checkReachable(run, run.targetRounds, await hasTrainer());
      return start(name, `Resume rounds of ${name}`);
    },

    async pauseRounds(args) {
      const name = checkRunName(args?.name);
      const jobId = running.get(name);
      if (jobId) {
        context.jobs.cancel(jobId);
        await waitUntilStopped(context, jobId);
      } else if ((await readRunStatus(store, name)).state === "running") {
        // Another process runs it (a CLI beside the app, or the other way round): ask it through the run's folder.
        await store.requestPause(name);
        await waitUntilReleased(store, name);
      }
      return readRunStatus(store, name);
    },

    getRoundRun: async (args) => readRunStatus(store, checkRunName(args?.name)),

    async listRoundRuns() {
      const runs: RoundRunStatus[] = [];
      for (const name of await store.list()) runs.push(await readRunStatus(store, name));
      return runs;
    },

    async listRoundSamples(args) {
      const name = checkRunName(args?.name);
      const { round, kept, taskId, verdict, offset = 0, limit = 200 } = args;
      const run = await store.readRun(name);
      const rounds = round === undefined ? run.rounds.map((entry) => entry.round) : [round];
      const records = [];
      for (const n of rounds) {
        for (const record of await store.readSamples(name, n)) {
          if ((kept === undefined || record.kept === kept) && (taskId === undefined || record.taskId === taskId) && (verdict === undefined || record.verdict === verdict)) records.push(record);
        }
      }
      return { total: records.length, samples: records.slice(offset, offset + limit) };
    },

    async setRoundModel(args) {
      const name = checkRunName(args?.name);
      await setRunModel({ dataDir: context.dataDir, run: name, model: args.model });
      context.emit("rounds", { name });
      return readRunStatus(store, name);
    },

    async verifyRoundRun(args) {
      const name = checkRunName(args?.name);
      await store.readRun(name);
      if (args.round !== undefined && (!Number.isSafeInteger(args.round) || args.round < 1)) throw new InvalidInputError('Field "round" must be a round number (1 up).', { field: "round" });
      const { id } = context.jobs.start({ kind: "rounds.verify", title: `Verify kept samples of ${name}` }, async (job) => verifyRun({ store, taskStore, runtime: await context.python.get(), name, round: args.round, job }));
      return { jobId: id };
    },

    async planRounds(args) {
      if (!args || typeof args !== "object") throw new InvalidInputError("planRounds needs an options object.");
      // Bad arguments fail the call itself, before a job starts.
      resolveRoundSettings(args);
      checkRoundModel(args.model);
      const { id } = context.jobs.start({ kind: "rounds.plan", title: "Estimate a round", needs: ["model"] }, (job) => planFirstRound({ deps: deps(), args, job }));
      return { jobId: id };
    },

    async deleteRoundRun(args) {
      const name = checkRunName(args?.name);
      const isDeleted = await store.delete(name);
      context.emit("rounds", { name });
      return { isDeleted };
    },
  };
}

/** Resolves once a cancelled job has ended (its run is then saved as paused). */
async function waitUntilStopped(context: CoreContext, jobId: string): Promise<void> {
  while (context.jobs.get(jobId).status === "running") await new Promise((resolve) => setTimeout(resolve, 50));
}

/** How long `pauseRounds` waits for another process to pause a run (it stops after the sample in flight). */
const PAUSE_WAIT_MS = 10 * 60_000;

/** Resolves once no live process holds the run's lock, or after PAUSE_WAIT_MS (the status then still says running). */
async function waitUntilReleased(store: RunStore, name: string): Promise<void> {
  const until = Date.now() + PAUSE_WAIT_MS;
  while ((await store.lockHolder(name)) !== null && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
}
