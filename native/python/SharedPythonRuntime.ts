import { PythonRuntime, type PythonRuntimeOptions } from "./PythonRuntime.js";

/**
 * One sandbox pool per core, shared by every feature that runs Python (exec/trace, task validation, trace
 * rendering): a pool is ~300 MB and a start costs up to seconds, so features must not each start their own.
 * Started on first `get()`; a failed start is not cached, so the next call tries again.
 */
export class SharedPythonRuntime {
  private runtime: Promise<PythonRuntime> | null = null;
  private isDisposed = false;

  constructor(private readonly options: PythonRuntimeOptions) {}

  get(): Promise<PythonRuntime> {
    if (this.isDisposed) return Promise.reject(new Error("The Python runtime has been disposed with its core."));
    this.runtime ??= PythonRuntime.start(this.options).catch((error: unknown) => {
      this.runtime = null;
      throw error;
    });
    return this.runtime;
  }

  /** The runtime if one was started (and started successfully), without starting one. */
  async peek(): Promise<PythonRuntime | null> {
    return this.runtime ? this.runtime.catch(() => null) : null;
  }

  async dispose(): Promise<void> {
    this.isDisposed = true;
    const started = await this.peek();
    this.runtime = null;
    await started?.dispose();
  }
}
