import { TracetuneError } from "../common/TracetuneError.js";

/** The sandbox process could not start or keep running (missing build, Pyodide failed to load). */
export class PythonSandboxError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("python_sandbox", message, details);
  }
}

/** The runtime was used after `dispose()`. */
export class PythonRuntimeDisposedError extends TracetuneError {
  constructor() {
    super("disposed", "The Python runtime has been disposed.");
  }
}
