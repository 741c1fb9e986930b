import type { RoundPlan, RoundRunArgs } from "../../api/roundsApi.js";
import type { JobContext } from "../../common/jobs.js";
import { selectEvaluationTasks } from "../../tasks/selectEvaluationTasks.js";
import { selectTrainingTasks } from "../../tasks/selectTrainingTasks.js";
import { estimateRoundTime } from "../common/estimateRoundTime.js";
import { checkRoundModel, resolveRoundSettings } from "../common/roundSettings.js";
import { resolveRoundModel } from "../setRunModel.js";
import { calibrateRound } from "./calibrateRound.js";
import { NoTrainingTasksError } from "./roundErrors.js";
import type { RoundsDeps } from "./roundDeps.js";

/** `planRounds`: what a new run's first round would cost here, before it is created (the Rounds page's form). */
export async function planFirstRound(options: { deps: RoundsDeps; args: RoundRunArgs; job: JobContext }): Promise<RoundPlan> {
  const { deps, args, job } = options;
  const settings = resolveRoundSettings(args);
  const model = resolveRoundModel(checkRoundModel(args.model));
  const training = await selectTrainingTasks({ store: deps.taskStore, setIds: settings.taskSetIds });
  if (training.length === 0) throw new NoTrainingTasksError(settings.taskSetIds);
  const candidates = settings.maxTasks === null ? training.length : Math.min(settings.maxTasks, training.length);
  const devTasks = (await selectEvaluationTasks({ store: deps.taskStore, setIds: settings.taskSetIds, splits: ["dev"] })).length;
  const opened = await deps.openModel(model, job.signal);
  try {
    const calibration = await calibrateRound({ dataDir: deps.dataDir, opened, runtime: await deps.runtime(), traceSettings: await deps.traceSettings(), settings, task: training[0], signal: job.signal });
    const estimate = estimateRoundTime({ calibration, settings, estimateTasks: candidates, hardTasks: null, candidates, devTasks });
    return { calibration, ...estimate };
  } finally {
    await opened.release();
  }
}
