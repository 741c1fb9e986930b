/** Public surface of the bundled Python runtime (issue 4): the sandboxed Pyodide pool, tracer and test runner. */
export { PythonRuntime, type PythonRuntimeOptions } from "./PythonRuntime.js";
export * from "./common/execTypes.js";
export type { Trace, TraceStep, TraceEvent, TraceException, TraceStopReason } from "./common/traceTypes.js";
