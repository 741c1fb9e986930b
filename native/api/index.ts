/** Public barrel of the core's API: the contract, events, errors and the types the renderer may import. */
export * from "./contract.js";
export * from "./events.js";
export * from "./settingsApi.js";
export * from "./jobsApi.js";
export * from "./modelsApi.js";
export * from "./pythonApi.js";
export * from "./tasksApi.js";
export * from "./traceApi.js";
export * from "./repairApi.js";
export * from "./enginesApi.js";
export * from "./exportApi.js";
export * from "./trainingApi.js";
export * from "./evaluationApi.js";
export * from "./roundsApi.js";
export * from "./powerApi.js";
export * from "./filesApi.js";
export * from "./offlineTypes.js";
export type { WireError } from "../common/TracetuneError.js";
