/** Messages between the sandbox process's main thread and an interpreter worker (plain structured clones). */
export interface WorkerData {
  pyodideDir: string;
  /** Int32Array[0]: Pyodide's interrupt buffer (2 = SIGINT). */
  interruptBuffer: SharedArrayBuffer;
  /** Int32Array[0]: the current run's cap on WebAssembly memory, in MiB. */
  memoryCapBuffer: SharedArrayBuffer;
  /** A Pyodide memory snapshot taken right after a plain load (no user code has run): loads ~4x faster. */
  snapshot: Uint8Array | null;
  /** Take that snapshot (the first worker of a sandbox that has none) and post it back. */
  makeSnapshot: boolean;
}

export interface WorkerJob {
  id: number;
  /** JSON handed to runner.py's `handle`. */
  request: string;
}

export type WorkerMessage =
  | { kind: "ready"; startMs: number; memoryBytes: number; fromSnapshot: boolean }
  | { kind: "snapshot"; bytes: Uint8Array }
  /** discard: the judge found the runner or the world changed beyond repair; the worker must be replaced. */
  | { kind: "result"; id: number; result: string; memoryBytes: number; discard?: boolean }
  | { kind: "crash"; id: number; message: string; memoryBytes: number };
