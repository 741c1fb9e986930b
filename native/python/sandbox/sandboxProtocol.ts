/** IPC messages between the core process (PythonRuntime) and the sandbox process (pythonSandbox). */

/** The BroadcastChannel on which each thread's socket guard reports a refused socket to the main thread. */
export const REFUSED_SOCKETS_CHANNEL = "tracetune:refused-sockets";
export interface SandboxConfig {
  pyodideDir: string;
  /** Interpreters serving runs. */
  size: number;
  /** Interpreters kept loaded and idle, swapped in when one is discarded. */
  spares: number;
  /** A worker whose WebAssembly memory grew past this after a run is replaced (memory never shrinks). */
  recycleAboveMb: number;
  /** A Pyodide memory snapshot file written by the core earlier (readable under the permission flags); null: none. */
  snapshotPath: string | null;
  /** Which interpreters load from the snapshot: only the first (faster start, least memory) or all. */
  snapshotFor: "first" | "all";
}

export type ToSandbox =
  | { type: "run"; id: number; request: string; timeoutMs: number; memoryMb: number; graceMs: number }
  | { type: "cancel"; id: number }
  | { type: "stats" }
  /** Several of the above, in order, in one IPC message (SandboxProcess coalesces what it posts in one tick). */
  | { type: "batch"; messages: ToSandbox[] };

export type RunOutcome = "ok" | "timeout" | "cancelled" | "crash";

export interface SandboxStats {
  /** The sandbox process's pid (diagnostics; tests kill it to prove the runtime recovers). */
  pid: number;
  rssBytes: number;
  serving: number;
  spares: number;
  starting: number;
  replaced: number;
  workerStartMs: number[];
  /** Sockets and DNS queries refused in any thread of this sandbox (sandboxSocketGuard.ts); 0 expected. */
  refusedSockets: number;
}

/** `wasInterrupted`: the sandbox sent this run an interrupt (time limit or cancel), so a KeyboardInterrupt was ours. */
export interface DoneMessage { type: "done"; id: number; outcome: RunOutcome; result: string | null; message?: string; elapsedMs: number; workerReplaced: boolean; memoryBytes: number; wasInterrupted?: boolean }

export type FromSandbox =
  | { type: "ready"; startMs: number; workerStartMs: number[]; fromSnapshot: boolean }
  | { type: "snapshot"; bytes: Uint8Array }
  | DoneMessage
  /** Results that finished in one turn of the sandbox's event loop, in one IPC message. */
  | { type: "dones"; dones: DoneMessage[] }
  | { type: "stats"; stats: SandboxStats }
  | { type: "fatal"; message: string };
