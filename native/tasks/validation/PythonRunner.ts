import type { ExecRequest, ExecResult, RunRequest } from "../../python/index.js";

/**
 * The part of the Python runtime (native/python, issue 4) that tasks use: run a program, run tests. The
 * PythonRuntime class satisfies it; naming the subset keeps this feature's dependency surface explicit.
 */
export interface PythonRunner {
  exec(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult>;
  run(request: RunRequest, options?: { signal?: AbortSignal }): Promise<Pick<ExecResult, "verdict" | "stdout" | "stderr" | "error">>;
}
