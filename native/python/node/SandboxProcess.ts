import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { PythonSandboxError } from "../PythonSandboxError.js";
import type { FromSandbox, RunOutcome, SandboxConfig, SandboxStats, ToSandbox } from "../sandbox/sandboxProtocol.js";
import type { SandboxFiles } from "./resolveSandboxFiles.js";

export interface SandboxReply {
  outcome: RunOutcome;
  result: string | null;
  message?: string;
  elapsedMs: number;
  workerReplaced: boolean;
  memoryBytes: number;
}

/** Start-up of the sandbox (Pyodide load on a busy 2-core machine included) must finish within this. */
const START_TIMEOUT_MS = 60_000;
/** Extra wall time the core allows past a run's own limit before it gives up on the whole process. */
const PROCESS_GRACE_MS = 10_000;

/**
 * The sandbox process as the core sees it: spawns it under Node's permission model with an empty
 * environment, sends runs over IPC and respawns it when it dies (answering the runs it held with "crash").
 */
export class SandboxProcess {
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private readonly pending = new Map<number, { resolve: (reply: SandboxReply) => void; watchdog: NodeJS.Timeout }>();
  private readonly statsWaiters: Array<(stats: SandboxStats) => void> = [];
  private nextId = 1;
  private isDisposed = false;
  /** Milliseconds the last start took until one interpreter was warm, as the sandbox measured it. */
  lastStartMs = 0;

  /** Whether the last start loaded its first interpreter from a memory snapshot. */
  lastStartFromSnapshot = false;

  constructor(private readonly options: {
    files: SandboxFiles;
    config: Omit<SandboxConfig, "snapshotPath" | "snapshotFor"> & Partial<Pick<SandboxConfig, "snapshotFor">>;
    /** Where the Pyodide memory snapshot is kept between sandboxes; null: only within one sandbox. */
    snapshotPath: string | null;
  }) {}

  start(): Promise<void> {
    this.starting ??= this.spawn().finally(() => { this.starting = null; });
    return this.starting;
  }

  async request({ request, timeoutMs, memoryMb, graceMs, signal }: { request: string; timeoutMs: number; memoryMb: number; graceMs: number; signal?: AbortSignal }): Promise<SandboxReply> {
    if (!this.child) await this.start();
    const child = this.child!;
    const id = this.nextId++;
    return new Promise<SandboxReply>((resolve) => {
      const onAbort = () => this.post(child, { type: "cancel", id });
      signal?.addEventListener("abort", onAbort, { once: true });
      // If the whole process stops answering (it should not: its main thread runs no Python), kill it.
      const watchdog = setTimeout(() => child.kill("SIGKILL"), timeoutMs + graceMs + PROCESS_GRACE_MS);
      this.pending.set(id, {
        watchdog,
        resolve: (reply) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(reply);
        },
      });
      this.post(child, { type: "run", id, request, timeoutMs, memoryMb, graceMs });
    });
  }

  async stats(): Promise<SandboxStats> {
    if (!this.child) await this.start();
    return new Promise((resolve) => {
      this.statsWaiters.push(resolve);
      this.post(this.child!, { type: "stats" });
    });
  }

  async dispose(): Promise<void> {
    this.isDisposed = true;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  }

  /** Writes the snapshot for the next sandbox (atomically: a half-written file must never be loaded). */
  private keepSnapshot(bytes: Uint8Array): void {
    const path = this.options.snapshotPath;
    if (!path) return;
    try {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, path);
      // Snapshots of other pyodide or runner versions will never load again (30 MB each).
      for (const file of readdirSync(dirname(path))) {
        if (/^pyodide-.*\.snapshot$/.test(file) && file !== basename(path)) rmSync(join(dirname(path), file), { force: true });
      }
    } catch {
      // A cache that cannot be written only costs start-up time.
    }
  }

  private post(child: ChildProcess, message: ToSandbox): void {
    if (child.connected) child.send(message);
  }

  private spawn(): Promise<void> {
    const { files, snapshotPath } = this.options;
    const hasSnapshot = snapshotPath !== null && existsSync(snapshotPath);
    const config: SandboxConfig = { snapshotFor: "first", ...this.options.config, snapshotPath: hasSnapshot ? snapshotPath : null };
    const major = Number(process.versions.node.split(".")[0]);
    const args = [
      major >= 22 ? "--permission" : "--experimental-permission",
      `--allow-fs-read=${files.pyodideDir}`,
      `--allow-fs-read=${dirname(files.entry)}`,
      ...(hasSnapshot ? [`--allow-fs-read=${snapshotPath}`] : []),
      "--allow-worker",
      "--no-addons",
      // Each interpreter collects its start-up garbage (the snapshot copy, the stdlib zip) before serving.
      "--expose-gc",
      "--disable-warning=ExperimentalWarning",
      "--disable-warning=SecurityWarning",
      files.entry,
      JSON.stringify(config),
    ];
    // An empty environment: nothing of the user's (tokens, paths) is there for a program to read.
    const env: NodeJS.ProcessEnv = process.versions.electron ? { ELECTRON_RUN_AS_NODE: "1" } : {};
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
    this.child = child;
    let stderrTail = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => { stderrTail = (stderrTail + chunk).slice(-4000); });
    return new Promise<void>((resolve, reject) => {
      const startTimer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new PythonSandboxError(`The Python sandbox did not start within ${START_TIMEOUT_MS} ms.`, { stderr: stderrTail }));
      }, START_TIMEOUT_MS);
      child.on("message", (message: FromSandbox) => {
        if (message.type === "ready") {
          clearTimeout(startTimer);
          this.lastStartMs = message.startMs;
          this.lastStartFromSnapshot = message.fromSnapshot;
          resolve();
        } else if (message.type === "fatal") {
          clearTimeout(startTimer);
          reject(new PythonSandboxError(`The Python sandbox failed: ${message.message}`, { stderr: stderrTail }));
        } else if (message.type === "done") {
          const waiter = this.pending.get(message.id);
          if (!waiter) return;
          this.pending.delete(message.id);
          clearTimeout(waiter.watchdog);
          waiter.resolve({ outcome: message.outcome, result: message.result, message: message.message, elapsedMs: message.elapsedMs, workerReplaced: message.workerReplaced, memoryBytes: message.memoryBytes });
        } else if (message.type === "snapshot") {
          this.keepSnapshot(message.bytes);
        } else if (message.type === "stats") {
          this.statsWaiters.shift()?.(message.stats);
        }
      });
      child.on("error", (error) => {
        clearTimeout(startTimer);
        reject(new PythonSandboxError(`Could not start the Python sandbox: ${error.message}`));
      });
      child.on("exit", (code, signal) => {
        clearTimeout(startTimer);
        reject(new PythonSandboxError(`The Python sandbox exited during start-up (${signal ?? `code ${code}`}).`, { stderr: stderrTail }));
        if (this.child === child) this.child = null;
        // Every run it held gets an answer; the next request starts a fresh sandbox.
        for (const [id, waiter] of this.pending) {
          clearTimeout(waiter.watchdog);
          this.pending.delete(id);
          waiter.resolve({ outcome: "crash", result: null, message: `the sandbox process ended (${signal ?? `code ${code}`})`, elapsedMs: 0, workerReplaced: true, memoryBytes: 0 });
        }
      });
    });
  }
}
