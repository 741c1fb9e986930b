import type { RoundRunArgs } from "../../api/roundsApi.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import type { TaskStore } from "../../tasks/TaskStore.js";
import { exemplarOverlap } from "../../repair/exemplars.js";
import { selectTrainingTasks } from "../../tasks/selectTrainingTasks.js";
import { checkRoundModel, checkRunName, findSettingMismatch, isSameModel, resolveRoundSettings } from "../common/roundSettings.js";
import { seededShuffle } from "../../common/seededShuffle.js";
import type { StoredRun } from "../common/storedRun.js";
import { resolveRoundModel } from "../setRunModel.js";
import { NoTrainingTasksError, SettingsMismatchError, TrainerRequiredError } from "./roundErrors.js";
import type { RunStore } from "./RunStore.js";
import { pausePoint } from "./testPausePoint.js";

/**
 * `round run`: validates the arguments, then creates the run (its training tasks picked now, through
 * selectTrainingTasks, which fails closed; `maxTasks` takes a seeded shuffle; the pick is recorded) or checks
 * that the stored one has the same settings and base model (`settings_mismatch` names the first that differs).
 * Also refuses a target of more rounds than can be reached without a trainer.
 */
export async function prepareRun(options: { store: RunStore; taskStore: TaskStore; args: RoundRunArgs; hasTrainer: boolean }): Promise<{ run: StoredRun; isNew: boolean }> {
  const { store, taskStore, args, hasTrainer } = options;
  const name = checkRunName(args?.name);
  const settings = resolveRoundSettings(args);
  const baseModel = resolveRoundModel(checkRoundModel(args.model));
  const targetRounds = args.rounds ?? 1;
  if (!Number.isSafeInteger(targetRounds) || targetRounds < 1) throw new InvalidInputError(`Field "rounds" must be an integer >= 1, got ${JSON.stringify(targetRounds)}.`, { field: "rounds" });
  if (await store.exists(name)) {
    const run = await store.readRun(name);
    const mismatch = findSettingMismatch(run.settings, settings);
    if (mismatch) throw new SettingsMismatchError(name, mismatch.setting, mismatch.stored, mismatch.requested);
    if (!isSameModel(run.baseModel, baseModel)) throw new SettingsMismatchError(name, "model", run.baseModel, baseModel);
    checkReachable(run, targetRounds, hasTrainer);
    return { run: { ...run, targetRounds: Math.max(targetRounds, run.targetRounds) }, isNew: false };
  }
  for (const setId of settings.taskSetIds) taskStore.getSet(setId);
  const selectable = (await selectTrainingTasks({ store: taskStore, setIds: settings.taskSetIds })).sort((a, b) => a.id.localeCompare(b.id));
  // A task that is a prompt exemplar (up to names and layout) would teach the model its own prompt: left out, and said so.
  const leftOut = selectable.flatMap((task) => exemplarOverlap(task).slice(0, 1).map(({ reason }) => ({ taskId: task.id, reason })));
  const training = selectable.filter((task) => !leftOut.some((entry) => entry.taskId === task.id));
  if (training.length === 0) throw new NoTrainingTasksError(settings.taskSetIds);
  const selected = settings.maxTasks === null ? training : seededShuffle(training, settings.seed).slice(0, settings.maxTasks);
  const run: StoredRun = {
    name, createdAt: new Date().toISOString(), settings, baseModel, currentModel: baseModel,
    modelHistory: [{ model: baseModel, setAt: new Date().toISOString(), afterRound: 0, by: "run" }],
    targetRounds, tasks: { candidates: training.length, selected: selected.map((task) => task.id), shuffleSeed: settings.maxTasks === null ? null : settings.seed, leftOut },
    rounds: [], state: "paused", error: null,
  };
  checkReachable(run, targetRounds, hasTrainer);
  await store.writeRun(run);
  await pausePoint("run-created");
  return { run, isNew: true };
}

/**
 * Without a trainer, a run can reach one more round than it has done only when that round's model is known:
 * the first round (the base model), or a model set (`round set-model`) after the last finished round.
 */
export function checkReachable(run: StoredRun, targetRounds: number, hasTrainer: boolean): void {
  if (hasTrainer) return;
  const finished = run.rounds.filter((round) => round.stage === "done").length;
  const started = run.rounds.length;
  const lastSetAfter = run.modelHistory.at(-1)?.afterRound ?? 0;
  // Rounds that can start without training: an unfinished one, and the next one if its model was set already.
  const reachable = started > finished ? started : finished === 0 || lastSetAfter >= finished ? finished + 1 : finished;
  if (targetRounds > Math.max(reachable, finished)) throw new TrainerRequiredError(run.name, targetRounds);
}
