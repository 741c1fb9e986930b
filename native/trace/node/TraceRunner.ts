import type { ExecRequest, ExecResult, Trace, TraceRequest } from "../../python/index.js";

/**
 * The part of the Python runtime (native/python, issue 4) the trace feature uses: trace a call, run tests.
 * PythonRuntime satisfies it; naming the subset keeps this feature's dependency surface explicit.
 */
export interface TraceRunner {
  trace(request: TraceRequest, options?: { signal?: AbortSignal }): Promise<Trace>;
  exec(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult>;
}
