import { enginesMethods, type EnginesApi } from "./enginesApi.js";
import { roundsMethods, type RoundsApi } from "./roundsApi.js";
import { exportMethods, type ExportApi } from "./exportApi.js";
import { evaluationMethods, type EvaluationApi } from "./evaluationApi.js";
import { filesMethods, type FilesApi } from "./filesApi.js";
import { jobsMethods, type JobsApi } from "./jobsApi.js";
import { modelsMethods, type ModelsApi } from "./modelsApi.js";
import { powerMethods, type PowerApi } from "./powerApi.js";
import { pythonMethods, type PythonApi } from "./pythonApi.js";
import { repairMethods, type RepairApi } from "./repairApi.js";
import { settingsMethods, type SettingsApi } from "./settingsApi.js";
import { tasksMethods, type TasksApi } from "./tasksApi.js";
import { traceMethods, type TraceApi } from "./traceApi.js";
import { trainingMethods, type TrainingApi } from "./trainingApi.js";

/**
 * The one way into the core. Every method takes one plain-JSON options object and returns a promise of
 * plain JSON, so the same contract runs in-process (CLI), over Electron IPC and over HTTP (web host).
 * Long work returns a job id; progress arrives as `job` events and `cancelJob` stops it.
 *
 * A feature adds its interface to the `extends` list and its method table to `apiMethodTables`.
 */
export interface TracetuneApi extends SettingsApi, RepairApi, JobsApi, TasksApi, PythonApi, ModelsApi, TraceApi, EnginesApi, FilesApi, EvaluationApi, ExportApi, TrainingApi, RoundsApi, PowerApi {}

const apiMethodTables = [settingsMethods, repairMethods, jobsMethods, tasksMethods, pythonMethods, modelsMethods, traceMethods, enginesMethods, filesMethods, evaluationMethods, exportMethods, trainingMethods, roundsMethods, powerMethods] as const;

export type ApiMethodName = keyof TracetuneApi;

/** The closed list of method names; the dispatcher refuses anything else with `unknown_method`. */
export const apiMethodNames: readonly ApiMethodName[] = apiMethodTables.flatMap((table) => Object.keys(table) as ApiMethodName[]);

export type ApiArgs<M extends ApiMethodName> = Parameters<TracetuneApi[M]>[0];
export type ApiResult<M extends ApiMethodName> = Awaited<ReturnType<TracetuneApi[M]>>;
