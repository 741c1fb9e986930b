import type { ExecLimits, ExecRequest, RunRequest, TraceCaps, TraceRequest } from "./common/execTypes.js";
import { PythonRuntime, type PythonRuntimeOptions } from "./PythonRuntime.js";

/** What features get from the core's shared runtime: PythonRuntime's run methods, with the user's settings applied. */
export type SandboxRuntime = Pick<PythonRuntime, "exec" | "run" | "trace" | "verifyMany" | "stats">;

/**
 * One sandbox pool per core, shared by every feature that runs Python (exec/trace, task validation, trace
 * rendering): a pool is ~300 MB and a start costs up to seconds, so features must not each start their own.
 * Started on first `get()`; a failed start is not cached, so the next call tries again. The user's limits and
 * caps (Settings) are read at each call and fill in whatever a request does not set itself.
 */
export class SharedPythonRuntime {
  private runtime: Promise<PythonRuntime> | null = null;
  private isDisposed = false;

  constructor(private readonly options: {
    /** Pool options, read when the pool starts (pool size, cache dir, spares). */
    start: () => PythonRuntimeOptions;
    /** The current default limits and caps, read at every call. */
    defaults: () => { limits: ExecLimits; caps: TraceCaps };
  }) {}

  async get(): Promise<SandboxRuntime> {
    const runtime = await this.start();
    const withLimits = <R extends { limits?: Partial<ExecLimits> }>(request: R): R => ({ ...request, limits: { ...this.options.defaults().limits, ...request.limits } });
    return {
      exec: (request: ExecRequest, options) => runtime.exec(withLimits(request), options),
      run: (request: RunRequest, options) => runtime.run(withLimits(request), options),
      trace: (request: TraceRequest, options) => runtime.trace({ ...withLimits(request), caps: { ...this.options.defaults().caps, ...request.caps } }, options),
      verifyMany: (requests: ExecRequest[], options) => runtime.verifyMany(requests.map(withLimits), options),
      stats: () => runtime.stats(),
    };
  }

  /** The runtime if one was started (and started successfully), without starting one. */
  async peek(): Promise<SandboxRuntime | null> {
    return (await this.startedRuntime()) ? this.get() : null;
  }

  async dispose(): Promise<void> {
    this.isDisposed = true;
    const started = await this.startedRuntime();
    this.runtime = null;
    await started?.dispose();
  }

  private start(): Promise<PythonRuntime> {
    if (this.isDisposed) return Promise.reject(new Error("The Python runtime has been disposed with its core."));
    this.runtime ??= PythonRuntime.start(this.options.start()).catch((error: unknown) => {
      this.runtime = null;
      throw error;
    });
    return this.runtime;
  }

  private async startedRuntime(): Promise<PythonRuntime | null> {
    return this.runtime ? this.runtime.catch(() => null) : null;
  }
}
