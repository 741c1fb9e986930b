import type { EvaluationIdentity } from "../../api/evaluationApi.js";
import type { RoundCalibration, RoundModel } from "../../api/roundsApi.js";
import type { RoundSampleRecord } from "../../api/roundTypes.js";
import type { JobContext } from "../../common/jobs.js";
import { CancelledError, toWireError } from "../../common/TracetuneError.js";
import { defaultRepairSettings } from "../../repair/repairSettings.js";
import { selectEvaluationTasks } from "../../tasks/selectEvaluationTasks.js";
import { selectTrainingTasks } from "../../tasks/selectTrainingTasks.js";
import { estimateBatchMs, estimateRoundTime } from "../common/estimateRoundTime.js";
import { calibrateRound } from "./calibrateRound.js";
import { isSameModel } from "../common/roundSettings.js";
import type { StoredRound, StoredRun } from "../common/storedRun.js";
import { setRunModel } from "../setRunModel.js";
import { receiptModel } from "./buildRoundRecord.js";
import { estimateHardSet } from "./estimateHardSet.js";
import { observedTokensPerSample } from "./observedTokensPerSample.js";
import { repairSamplerFor } from "./repairSamplerFor.js";
import { RoundBatchLog } from "./RoundBatchLog.js";
import type { OpenedRoundModel, RoundsDeps } from "./roundDeps.js";
import { TrainerRequiredError } from "./roundErrors.js";
import { runDevCheck } from "./runDevCheck.js";
import type { RunStore } from "./RunStore.js";
import { sampleHardTasks } from "./sampleHardTasks.js";
import { pausePoint } from "./testPausePoint.js";

/** What an estimate of the planner is made from (estimateRoundTime's options). */
export type PlanInput = Parameters<typeof estimateRoundTime>[0];

/** How often the run's elapsed time is saved while a round samples (a kill loses at most this much of it). */
const SAVE_INTERVAL_MS = 10_000;

/** What one call did, the job's result. */
export interface RoundsRunResult {
  name: string;
  roundsDone: number;
  samplesWritten: number;
  kept: number;
}

/**
 * Runs (or resumes) a stored run until `targetRounds` rounds are done, holding its lock. A round goes
 * hard_set → sampling → dev_check → done, each stage's outcome saved in run.json before the next begins, the
 * samples appended one by one; so a kill at any point resumes where it stopped. Cancelling leaves the run
 * paused (resumable); a failure marks it failed with the error (also resumable once the cause is fixed).
 */
export async function runRounds(options: {
  deps: RoundsDeps; store: RunStore; name: string; job: JobContext; onRecord?: (record: RoundSampleRecord) => void;
  /** Each planner estimate with what it was made from (the rounds bench records them as a test fixture). */
  onPlan?: (input: PlanInput, estimateMs: number) => void;
}): Promise<RoundsRunResult> {
  const { deps, store, name } = options;
  const release = await store.lock(name);
  // A pause may be asked from another process (`round pause` beside the app or another CLI): it stops the run as
  // the job's own cancel does. A request left from before this start is void.
  await store.clearPauseRequest(name);
  const pause = watchPauseRequest(store, name, options.job.signal);
  const job: JobContext = { ...options.job, signal: pause.signal };
  const result: RoundsRunResult = { name, roundsDone: 0, samplesWritten: 0, kept: 0 };
  let opened: { model: RoundModel; value: OpenedRoundModel } | null = null;
  try {
    await store.updateRun(name, (run) => ({ ...run, state: "running", error: null }));
    for (;;) {
      const run = await store.readRun(name);
      const finished = run.rounds.filter((round) => round.stage === "done").length;
      result.roundsDone = finished;
      if (finished >= run.targetRounds) break;
      let round = run.rounds.find((entry) => entry.stage !== "done") ?? null;
      if (!round) {
        const model = await nextRoundModel({ deps, run, finished, job });
        if (opened && !isSameModel(opened.model, model)) {
          await opened.value.release();
          opened = null;
        }
        opened ??= { model, value: await deps.openModel(model, job.signal) };
        round = await startRound({ deps, store, run, model, opened: opened.value });
      } else if (!opened || !isSameModel(opened.model, round.model)) {
        await opened?.value.release();
        opened = { model: round.model, value: await deps.openModel(round.model, job.signal) };
      }
      await runRound({ deps, store, run, round, opened: opened.value, job, result, onRecord: options.onRecord, onPlan: options.onPlan });
    }
    await store.updateRun(name, (run) => ({ ...run, state: "done" }));
    return result;
  } catch (error) {
    const isCancelled = job.signal.aborted;
    await store.updateRun(name, (run) => ({ ...run, state: isCancelled ? "paused" : "failed", error: isCancelled ? null : pick(toWireError(error)) })).catch(() => {});
    throw isCancelled ? new CancelledError("The round was cancelled; resume it with `round resume`.") : error;
  } finally {
    pause.stop();
    await opened?.value.release();
    if (pause.wasRequested()) await store.clearPauseRequest(name);
    await release();
  }
}

/** How often a running run looks for a pause request file (one stat). */
const PAUSE_POLL_MS = 500;

/** A signal aborted by the job's own cancel or by a pause request file appearing in the run's folder. */
function watchPauseRequest(store: RunStore, name: string, jobSignal: AbortSignal) {
  const controller = new AbortController();
  let isRequested = false;
  const onCancel = () => controller.abort(jobSignal.reason);
  jobSignal.addEventListener("abort", onCancel, { once: true });
  if (jobSignal.aborted) onCancel();
  let isChecking = false;
  const timer = setInterval(() => {
    if (isChecking || controller.signal.aborted) return;
    isChecking = true;
    void store.hasPauseRequest(name).then((has) => {
      isChecking = false;
      if (has && !controller.signal.aborted) {
        isRequested = true;
        controller.abort(new CancelledError(`Run ${name} was paused by a request from another process.`));
      }
    });
  }, PAUSE_POLL_MS);
  timer.unref();
  return {
    signal: controller.signal,
    wasRequested: () => isRequested,
    stop() {
      clearInterval(timer);
      jobSignal.removeEventListener("abort", onCancel);
    },
  };
}

const pick = ({ code, message }: { code: string; message: string }) => ({ code, message });

/** The next round's model: the current one when it was set after the last finished round, else trained. */
async function nextRoundModel(options: { deps: RoundsDeps; run: StoredRun; finished: number; job: JobContext }): Promise<RoundModel> {
  const { deps, run, finished, job } = options;
  const lastSetAfter = run.modelHistory.at(-1)?.afterRound ?? 0;
  if (finished === 0 || lastSetAfter >= finished) return run.currentModel;
  if (!deps.trainer) throw new TrainerRequiredError(run.name, run.targetRounds);
  job.phase?.({ name: `Training for round ${finished + 1}`, index: 1, count: 1 });
  const model = await deps.trainer.train({
    dataDir: deps.dataDir, run: run.name, baseModel: run.baseModel, rounds: run.rounds.map((round) => round.round), signal: job.signal,
    progress: (done, total) => job.progress(done, total),
  });
  job.signal.throwIfAborted();
  return (await setRunModel({ dataDir: deps.dataDir, run: run.name, model, by: "trainer" })).currentModel;
}

async function startRound(options: { deps: RoundsDeps; store: RunStore; run: StoredRun; model: RoundModel; opened: OpenedRoundModel }): Promise<StoredRound> {
  const { deps, store, run, model, opened } = options;
  const round: StoredRound = {
    round: run.rounds.length + 1, stage: "hard_set", model, modelIdentity: receiptModel(opened.identity, (await deps.receiptRuntime()).nodeLlamaCpp),
    candidates: run.tasks.selected, estimates: null, hardSetEvaluations: null, hardSet: null, devCheck: null, plan: null, actualMs: 0,
    startedAt: new Date().toISOString(), endedAt: null,
  };
  await store.updateRun(run.name, (stored) => ({ ...stored, rounds: [...stored.rounds, round] }));
  return round;
}

/** What evaluations of this round are of, for reuse checks (docs/rounds.md, "Hard set"). */
function identityOf(round: StoredRound, temperature: number, traceFormat: StoredRun["settings"]["traceFormat"]): EvaluationIdentity {
  const model = round.modelIdentity;
  return {
    modelHash: model.kind === "local" ? model.fileHash : null,
    adapterHash: model.kind === "local" && model.adapters.length > 0 ? model.adapters.map((adapter) => adapter.fileHash).join("+") : null,
    engine: model.kind === "engine" ? `${model.url}#${model.modelId}` : null,
    templateId: defaultRepairSettings.templateId,
    traceFormat,
    temperature,
  };
}

/** A round's stages in order, as its progress counts them. */
const roundStages = ["hardSet", "candidates", "devCheck"] as const;
type RoundStage = (typeof roundStages)[number];

async function runRound(options: {
  deps: RoundsDeps; store: RunStore; run: StoredRun; round: StoredRound; opened: OpenedRoundModel; job: JobContext; result: RoundsRunResult;
  onRecord?: (record: RoundSampleRecord) => void; onPlan?: (input: PlanInput, estimateMs: number) => void;
}): Promise<void> {
  const { deps, store, run, opened, job, result } = options;
  let round = options.round;
  const { settings } = run;
  const sessionStarted = Date.now();
  const baseMs = round.actualMs;
  const save = async (patch: Partial<StoredRound>) => {
    round = { ...round, ...patch, actualMs: baseMs + (Date.now() - sessionStarted) };
    const saved = round;
    await store.updateRun(run.name, (stored) => ({ ...stored, rounds: stored.rounds.map((entry) => (entry.round === saved.round ? saved : entry)) }));
  };
  const runtime = await deps.runtime();
  const traceSettings = await deps.traceSettings();
  const repairSampler = repairSamplerFor({ opened, runtime, traceSettings, fewShot: settings.fewShot, checkClaims: deps.checkClaims });
  const identity = identityOf(round, settings.temperature, settings.traceFormat);
  // Fails closed: a task that became a duplicate of a dev/test task since the run was created stops the round.
  const candidates = await selectTrainingTasks({ store: deps.taskStore, setIds: settings.taskSetIds, taskIds: round.candidates });

  const devTasks = (await selectEvaluationTasks({ store: deps.taskStore, setIds: settings.taskSetIds, splits: ["dev"] })).length;
  // The planner: what is left priced from the calibration's rates, scaled by the round's own timed batches, plus the
  // time spent (docs/rounds.md, "Planner"); stored again after each batch, so the estimate improves as the round runs.
  const elapsed = () => baseMs + (Date.now() - sessionStarted);
  const batchLog = new RoundBatchLog();
  // The planner's latest estimate of the round's whole time: the job's ETA counts it down (JobWork.leftMs).
  let plannedMs: number | null = null;
  const plan = (calibration: RoundCalibration, left: { estimateTasks: number; hardTasks: number | null; devTasks: number }) => {
    const input: PlanInput = { calibration, settings, ...left, candidates: candidates.length, soFar: batchLog.soFar(elapsed(), left.hardTasks === null) };
    const estimate = estimateRoundTime(input);
    options.onPlan?.(input, estimate.estimateMs);
    plannedMs = estimate.estimateMs;
    return { estimateMs: estimate.estimateMs, isUpperBound: estimate.isUpperBound, calibrationKey: calibration.key };
  };
  const replan = (left: { estimateTasks: number; hardTasks: number | null; devTasks: number }) => {
    if (calibration) save({ plan: plan(calibration, left) }).catch(() => {}); // a failed save is redone at the next batch or stage
  };
  // The planner's rates; a calibration that fails (not a cancel) leaves the round without an estimate, never stops it.
  const calibrate = async () => {
    if (candidates.length === 0) return null;
    // A phase of its own, so its seconds before the first sample are not read as the round's rate.
    job.phase?.({ name: `Calibrating round ${round.round}`, index: 1, count: 2 });
    return calibrateRound({ dataDir: deps.dataDir, opened, runtime, traceSettings, settings, task: candidates[0], signal: job.signal }).catch(() => {
      job.signal.throwIfAborted();
      return null;
    });
  };
  let calibration: RoundCalibration | null = null;
  // The ETA's unit (JobContext.progress's `work`): each sample weighted by the planner's modelled cost per sample
  // of its stage's calls, so the one ETA estimator reads progress that proceeds evenly in time (a hard-set call of
  // few samples pays a whole prompt evaluation per sample, a candidate call shares one across k). Fixed by the
  // first calibration this session has; without one, progress is in samples alone.
  let weights: Record<RoundStage, number> | null = null;
  const weighWith = (rates: RoundCalibration | null) => {
    if (!rates || weights) return;
    const perSample = (samples: number) => (samples > 0 ? estimateBatchMs(rates, samples, rates.tokensPerSample) / samples : 0);
    weights = { hardSet: perSample(settings.hardN), candidates: perSample(settings.k), devCheck: perSample(settings.evalN) };
  };
  // After the hard set (or resuming after it): tokens per sample from the hard-set estimate's own samples, which ran to
  // their natural end (the calibration's cut ones count at the full budget).
  const ratesAfterHardSet = async (measured: RoundCalibration | null) => {
    const rates = measured ?? (await calibrate());
    const observed = await observedTokensPerSample({ dataDir: deps.dataDir, evaluationIds: (round.hardSetEvaluations ?? []).map((entry) => entry.id) });
    return rates && observed !== null ? { ...rates, tokensPerSample: observed } : rates;
  };
  const toEstimate = () => (round.hardSetEvaluations ?? [{ isReused: false, taskIds: candidates.map((task) => task.id) }]).filter((entry) => !entry.isReused).reduce((sum, entry) => sum + entry.taskIds.length, 0);
  if (round.stage === "hard_set") {
    calibration = await calibrate();
    weighWith(calibration);
    if (calibration) await save({ plan: plan(calibration, { estimateTasks: toEstimate(), hardTasks: null, devTasks }) });
  }

  // One count for the whole round (hard-set samples, candidates, dev check), so progress never goes backwards.
  const conditions = settings.traceFormat === "none" ? 1 : 2;
  const totals = {
    hardSet: round.stage === "hard_set" ? candidates.length * settings.hardN : 0,
    candidates: (round.hardSet?.length ?? candidates.length) * settings.k,
    devCheck: settings.evalN > 0 ? devTasks * settings.evalN * conditions : 0,
  };
  const overall = () => totals.hardSet + totals.candidates + totals.devCheck;
  let isSampling = false;
  const report = (stage: RoundStage, done: number) => {
    if (!isSampling) {
      isSampling = true;
      job.phase?.({ name: `Round ${round.round}`, index: 2, count: 2 }, overall());
    }
    const before = roundStages.slice(0, roundStages.indexOf(stage));
    const sum = (stages: readonly RoundStage[], weigh: (stage: RoundStage) => number) => stages.reduce((total, each) => total + totals[each] * weigh(each), 0);
    const leftMs = plannedMs === null ? {} : { leftMs: plannedMs - elapsed() };
    const work = weights === null ? undefined : { done: sum(before, (each) => weights![each]) + done * weights[stage], total: sum(roundStages, (each) => weights![each]), ...leftMs };
    job.progress(sum(before, () => 1) + done, overall(), work);
  };
  const stageJob = (stage: "hardSet" | "devCheck"): JobContext => ({
    signal: job.signal,
    progress: (done, total) => {
      if (typeof total === "number") totals[stage] = total;
      report(stage, done);
    },
  });

  if (round.stage === "hard_set") {
    batchLog.startStage();
    const sampler = batchLog.wrap(repairSampler, () => replan({ estimateTasks: Math.max(0, toEstimate() - batchLog.judged.tasks), hardTasks: null, devTasks }), settings.hardM);
    const { estimates, hardSet } = await estimateHardSet({
      deps, run: run.name, round, settings, tasks: candidates, identity, backend: opened.backend, sampler, job: stageJob("hardSet"),
      onPlanned: (hardSetEvaluations) => save({ hardSetEvaluations }),
    });
    calibration = await ratesAfterHardSet(calibration);
    // The estimate again now that the hard set is known: from here it counts only what is left to do, plus the time
    // spent, at the completion length the hard-set samples actually had.
    const exact = calibration ? plan(calibration, { estimateTasks: 0, hardTasks: hardSet.length, devTasks }) : null;
    await save({ estimates, hardSet, stage: "sampling", ...(exact ? { plan: exact } : {}) });
    await pausePoint("hard-set-estimated");
  }

  if (round.stage === "sampling") {
    const byId = new Map(candidates.map((task) => [task.id, task]));
    const tasks = (round.hardSet ?? []).map((id) => byId.get(id)).filter((task) => task !== undefined);
    const expected = tasks.length * settings.k;
    totals.candidates = expected;
    let lastSave = Date.now();
    calibration ??= await ratesAfterHardSet(null);
    weighWith(calibration);
    report("candidates", 0);
    batchLog.startStage();
    const batch = { samples: 0, tokens: 0 };
    await sampleHardTasks({
      store, run: run.name, round: round.round, runSeed: settings.seed, settings, tasks, opened, runtime, traceSettings, checkClaims: deps.checkClaims,
      receiptRuntime: await deps.receiptRuntime(), signal: job.signal,
      onRecord: (record, written) => {
        result.samplesWritten += 1;
        if (record.kept) result.kept += 1;
        report("candidates", written);
        options.onRecord?.(record);
        batch.samples += 1;
        batch.tokens += record.tokens;
        if (record.sampleIndex === settings.k - 1) {
          // A task's batch is done: the estimate again, from what is left (tasks whose k samples are still to draw).
          batchLog.add(batch);
          Object.assign(batch, { samples: 0, tokens: 0 });
          replan({ estimateTasks: 0, hardTasks: (expected - written) / settings.k, devTasks });
          lastSave = Date.now();
          return;
        }
        if (Date.now() - lastSave > SAVE_INTERVAL_MS) {
          lastSave = Date.now();
          save({}).catch(() => {}); // a periodic save that fails is retried at the next one; the stage saves are awaited
        }
      },
    });
    job.signal.throwIfAborted();
    await save({ stage: "dev_check" });
  }

  if (round.stage === "dev_check") {
    await pausePoint("before-dev-check");
    batchLog.startStage();
    let devCalls = 0;
    const sampler = batchLog.wrap(repairSampler, () => replan({ estimateTasks: 0, hardTasks: 0, devTasks: Math.max(0, devTasks - ++devCalls / conditions) }));
    const devCheck = settings.evalN > 0 ? await runDevCheck({ deps, run: run.name, round, settings, identity, backend: opened.backend, sampler, job: stageJob("devCheck") }) : null;
    job.signal.throwIfAborted();
    await pausePoint("before-round-done");
    await save({ devCheck, stage: "done", endedAt: new Date().toISOString() });
  }
}
