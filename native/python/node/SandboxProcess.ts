import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { PythonSandboxError } from "../PythonSandboxError.js";
import type { DoneMessage, FromSandbox, RunOutcome, SandboxConfig, SandboxStats, ToSandbox } from "../sandbox/sandboxProtocol.js";
import type { SandboxFiles } from "./resolveSandboxFiles.js";
import { sandboxCommand } from "./sandboxCommand.js";

export interface SandboxReply {
  outcome: RunOutcome;
  result: string | null;
  message?: string;
  elapsedMs: number;
  workerReplaced: boolean;
  memoryBytes: number;
  /** The sandbox interrupted this run (time limit or cancel): a KeyboardInterrupt in it was the sandbox's. */
  wasInterrupted: boolean;
}

/** Start-up of the sandbox (Pyodide load on a busy 2-core machine included) must finish within this. */
const START_TIMEOUT_MS = 60_000;
/** Extra wall time the core allows past a run's own limit before it gives up on the whole process. */
const PROCESS_GRACE_MS = 10_000;
/** How often a sandbox with pending runs is asked for a sign of life. */
const LIVENESS_INTERVAL_MS = 5_000;

/**
 * The sandbox process as the core sees it: spawns it under Node's permission model with an empty
 * environment, sends runs over IPC and respawns it when it dies (answering the runs it held with "crash").
 */
export class SandboxProcess {
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private readonly pending = new Map<number, { resolve: (reply: SandboxReply) => void }>();
  /** While runs are pending, the sandbox's main thread is asked for a sign of life every few seconds. */
  private livenessTimer: NodeJS.Timeout | null = null;
  private readonly statsWaiters: Array<(stats: SandboxStats) => void> = [];
  private nextId = 1;
  /** Messages posted in this tick, sent as one IPC message at its end (see post). */
  private outbox: ToSandbox[] = [];
  private outboxChild: ChildProcess | null = null;
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
      this.pending.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(reply);
        },
      });
      this.post(child, { type: "run", id, request, timeoutMs, memoryMb, graceMs });
      this.watchLiveness(child);
    });
  }

  /**
   * Kills the sandbox if its main thread stops answering (it should not: it runs no Python, and a stuck
   * interpreter is the worker's business, handled by interrupt-then-terminate). A per-run timer would not do:
   * a big verifyMany queues hundreds of runs, and one queued behind several timeouts waits far longer than its
   * own limit without anything being wrong.
   */
  private watchLiveness(child: ChildProcess): void {
    if (this.livenessTimer) return;
    this.livenessTimer = setInterval(() => {
      if (this.pending.size === 0 || this.child !== child) {
        clearInterval(this.livenessTimer!);
        this.livenessTimer = null;
        return;
      }
      const deadline = setTimeout(() => child.kill("SIGKILL"), PROCESS_GRACE_MS);
      this.statsWaiters.push(() => clearTimeout(deadline));
      this.post(child, { type: "stats" });
    }, LIVENESS_INTERVAL_MS);
    this.livenessTimer.unref();
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
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    this.livenessTimer = null;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  }

  private isSnapshotSuspect = false;
  private hasReportedRebuild = false;

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

  /**
   * verifyMany posts hundreds of runs in one tick: one IPC message each cost the core and the sandbox's main
   * thread CPU (serialising, a pipe write, a wake-up) that the interpreters need on a 2-core machine. So what
   * is posted in one tick goes out as one message, in order (a cancel never overtakes its run).
   */
  private post(child: ChildProcess, message: ToSandbox): void {
    if (this.outboxChild !== child) this.flush();
    this.outboxChild = child;
    if (this.outbox.push(message) === 1) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const messages = this.outbox;
    const child = this.outboxChild;
    this.outbox = [];
    this.outboxChild = null;
    // Runs posted to a sandbox that died meanwhile are answered by its exit handler.
    if (messages.length === 0 || !child?.connected) return;
    child.send(messages.length === 1 ? messages[0] : { type: "batch", messages });
  }

  private settle(message: DoneMessage): void {
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    waiter.resolve({ outcome: message.outcome, result: message.result, message: message.message, elapsedMs: message.elapsedMs, workerReplaced: message.workerReplaced, memoryBytes: message.memoryBytes, wasInterrupted: message.wasInterrupted ?? false });
  }

  private spawn(): Promise<void> {
    const { files, snapshotPath } = this.options;
    const hasSnapshot = snapshotPath !== null && existsSync(snapshotPath);
    const config: SandboxConfig = { snapshotFor: "first", ...this.options.config, snapshotPath: hasSnapshot ? snapshotPath : null };
    const { command, args, env } = sandboxCommand({ files, snapshotPath: hasSnapshot ? snapshotPath : null, config });
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
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
          this.isSnapshotSuspect = hasSnapshot && !message.fromSnapshot;
          resolve();
        } else if (message.type === "fatal") {
          clearTimeout(startTimer);
          reject(new PythonSandboxError(`The Python sandbox failed: ${message.message}`, { stderr: stderrTail }));
        } else if (message.type === "done") {
          this.settle(message);
        } else if (message.type === "dones") {
          for (const done of message.dones) this.settle(done);
        } else if (message.type === "snapshot") {
          // A cached snapshot that did not load (corrupt, or from another build) is replaced by the one the
          // interpreter made instead; said once, on stderr, so a slow start has its reason.
          if (this.isSnapshotSuspect && !this.hasReportedRebuild) {
            this.hasReportedRebuild = true;
            process.stderr.write(`tracetune: the cached Python snapshot ${this.options.snapshotPath} could not be loaded; it was rebuilt\n`);
          }
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
          this.pending.delete(id);
          waiter.resolve({ outcome: "crash", result: null, message: `the sandbox process ended (${signal ?? `code ${code}`})`, elapsedMs: 0, workerReplaced: true, memoryBytes: 0, wasInterrupted: false });
        }
      });
    });
  }
}
