import { jobsMethods, type JobsApi } from "./jobsApi.js";
import { settingsMethods, type SettingsApi } from "./settingsApi.js";

/**
 * The one way into the core. Every method takes one plain-JSON options object and returns a promise of
 * plain JSON, so the same contract runs in-process (CLI), over Electron IPC and over HTTP (web host).
 * Long work returns a job id; progress arrives as `job` events and `cancelJob` stops it.
 *
 * A feature adds its interface to the `extends` list and its method table to `apiMethodTables`.
 */
export interface TracetuneApi extends SettingsApi, JobsApi {}

const apiMethodTables = [settingsMethods, jobsMethods] as const;

export type ApiMethodName = keyof TracetuneApi;

/** The closed list of method names; the dispatcher refuses anything else with `unknown_method`. */
export const apiMethodNames: readonly ApiMethodName[] = apiMethodTables.flatMap((table) => Object.keys(table) as ApiMethodName[]);

export type ApiArgs<M extends ApiMethodName> = Parameters<TracetuneApi[M]>[0];
export type ApiResult<M extends ApiMethodName> = Awaited<ReturnType<TracetuneApi[M]>>;
