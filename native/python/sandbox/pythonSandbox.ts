// Entry of the sandbox process (bundled to out/sandbox/pythonSandbox.mjs), started by PythonRuntime under
// Node's permission model with an empty environment. Its main thread runs no Python: it keeps the pool of
// interpreter worker threads, enforces wall time (interrupt, then terminate after a grace period) and
// replaces any worker that is killed, crashes or grew too much memory, from a spare kept warm.
import { readFileSync } from "node:fs";
import { BroadcastChannel, Worker } from "node:worker_threads";
import type { WorkerData, WorkerMessage } from "../worker/workerProtocol.js";
import { REFUSED_SOCKETS_CHANNEL, type DoneMessage, type FromSandbox, type RunOutcome, type SandboxConfig, type ToSandbox } from "./sandboxProtocol.js";

// The socket guard preloaded into every thread (sandboxSocketGuard.ts) reports each refusal here.
let refusedSockets = 0;
const refusals = new BroadcastChannel(REFUSED_SOCKETS_CHANNEL);
refusals.onmessage = () => { refusedSockets += 1; };
refusals.unref();

const config = JSON.parse(process.argv[2] ?? "{}") as SandboxConfig;
const workerUrl = new URL("./interpreterWorker.mjs", import.meta.url);
const send = (message: FromSandbox) => process.send?.(message);
// Results are sent to the core in one IPC message per turn of the event loop: with both interpreters busy on a
// batch, each IPC message costs both processes CPU (serialising, a pipe write, a wake-up) that the
// interpreters could use. setImmediate runs right after this turn's messages, so a lone run waits no longer.
let doneBatch: DoneMessage[] = [];
const flushDone = () => {
  const dones = doneBatch;
  doneBatch = [];
  send(dones.length === 1 ? dones[0] : { type: "dones", dones });
};
const sendDone = (message: DoneMessage) => {
  if (doneBatch.push(message) === 1) setImmediate(flushDone);
};
const startedAt = performance.now();

// The snapshot every worker after the first loads from: the core's file when it has one, else the one the
// first worker takes (then also sent to the core, which keeps it for the next sandbox).
// Kept in shared memory: every worker reads the same 30 MB instead of a structured-clone copy of its own.
let snapshot: Uint8Array | null = null;
const share = (bytes: Uint8Array) => {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
};
if (config.snapshotPath) {
  try {
    const bytes = readFileSync(config.snapshotPath);
    // "first": moved (transferred, not copied) to the first worker; "all": shared by every worker.
    snapshot = config.snapshotFor === "all" ? share(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch {
    snapshot = null;
  }
}
let isSnapshotPending = false;
let slotsStarted = 0;
let firstFromSnapshot = false;

interface Job {
  id: number;
  request: string;
  timeoutMs: number;
  memoryMb: number;
  graceMs: number;
  startedAt: number;
  reason: "timeout" | "cancelled" | null;
  timer?: NodeJS.Timeout;
  graceTimer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  interrupt: Int32Array;
  memoryCap: Int32Array;
  ready: Promise<void>;
  isReady: boolean;
  job: Job | null;
  isDead: boolean;
  startMs: number;
}

const serving: Slot[] = [];
const spares: Slot[] = [];
const queue: Job[] = [];
let replaced = 0;
const workerStartMs: number[] = [];

function startSlot(): Slot {
  const interruptBuffer = new SharedArrayBuffer(4);
  const memoryCapBuffer = new SharedArrayBuffer(4);
  const makeSnapshot = snapshot === null && !isSnapshotPending;
  if (makeSnapshot) isSnapshotPending = true;
  // A snapshot-loaded interpreter costs ~30 MB more resident memory (its whole heap is written at load), so
  // by default only the first one, which decides the start-up time, uses it (config.snapshotFor).
  const isFirst = slotsStarted++ === 0;
  const useSnapshot = config.snapshotFor === "all" || isFirst ? snapshot : null;
  if (config.snapshotFor === "first" && snapshot) {
    snapshot = null; // no later worker needs it: let the 30 MB go
    isSnapshotPending = true; // and do not take another one
  }
  const workerData: WorkerData = { pyodideDir: config.pyodideDir, interruptBuffer, memoryCapBuffer, snapshot: useSnapshot, makeSnapshot };
  const canTransfer = useSnapshot !== null && !(useSnapshot.buffer instanceof SharedArrayBuffer) && useSnapshot.byteLength === useSnapshot.buffer.byteLength;
  const worker = new Worker(workerUrl, { workerData, stdout: true, stderr: true, env: {}, transferList: canTransfer ? [useSnapshot.buffer as ArrayBuffer] : [] });
  // Drain the worker's own stdout/stderr (Pyodide start-up chatter); runs capture output in Python.
  worker.stdout.resume();
  worker.stderr.resume();
  let resolveReady!: () => void;
  const slot: Slot = {
    worker, interrupt: new Int32Array(interruptBuffer), memoryCap: new Int32Array(memoryCapBuffer), job: null,
    ready: new Promise<void>((resolve) => { resolveReady = resolve; }), isReady: false, isDead: false, startMs: 0,
  };
  worker.on("message", (message: WorkerMessage) => {
    if (message.kind === "snapshot") {
      if (config.snapshotFor === "all") snapshot = share(message.bytes);
      send({ type: "snapshot", bytes: message.bytes });
    } else if (message.kind === "ready") {
      if (serving[0] === slot && workerStartMs.length === 0) firstFromSnapshot = message.fromSnapshot;
      slot.isReady = true;
      slot.startMs = message.startMs;
      // The main thread's copies of the snapshot (file read, IPC) are garbage once a worker has loaded.
      (globalThis as { gc?: () => void }).gc?.();
      workerStartMs.push(Math.round(message.startMs));
      resolveReady();
      dispatch();
    } else if (message.kind === "result") {
      finish(slot, "ok", message.result, undefined, message.memoryBytes, message.discard === true);
    } else {
      finish(slot, "crash", null, message.message, message.memoryBytes);
    }
  });
  worker.on("error", (error) => {
    if (!slot.isReady) return startFailed(error);
    if (slot.job) finish(slot, "crash", null, `${error.name}: ${error.message}`, 0);
    else discard(slot);
  });
  worker.on("exit", () => {
    slot.isDead = true;
    if (!slot.isReady) return startFailed(new Error("an interpreter worker exited during start-up"));
    if (slot.job) finish(slot, "crash", null, "the interpreter worker exited", 0);
    else discard(slot);
  });
  return slot;
}

/** A worker that cannot even start will not start on a retry either: the sandbox reports it and ends. */
function startFailed(error: Error): void {
  process.stderr.write(`tracetune sandbox: ${error.stack ?? error.message}\n`);
  send({ type: "fatal", message: `an interpreter failed to start: ${error.message}` });
  process.exit(1);
}

/** Takes a worker out of service for good and puts a warm spare (or a fresh worker) in its place. */
function discard(slot: Slot): void {
  const servingIndex = serving.indexOf(slot);
  const spareIndex = spares.indexOf(slot);
  if (servingIndex === -1 && spareIndex === -1) return;
  if (!slot.isDead) void slot.worker.terminate();
  slot.isDead = true;
  replaced += 1;
  if (spareIndex !== -1) spares.splice(spareIndex, 1);
  if (servingIndex !== -1) serving.splice(servingIndex, 1, spares.shift() ?? startSlot());
  while (spares.length < config.spares) spares.push(startSlot());
  dispatch();
}

function finish(slot: Slot, outcome: RunOutcome, result: string | null, message: string | undefined, memoryBytes: number, isUntrusted = false): void {
  const job = slot.job;
  if (!job) return;
  clearTimeout(job.timer);
  clearTimeout(job.graceTimer);
  slot.job = null;
  // A result that arrives after a time-limit interrupt is the runner's own report of it (verdict "timeout");
  // after a cancel, the caller asked for no result at all.
  const finalOutcome: RunOutcome = job.reason === "cancelled" ? "cancelled" : outcome === "ok" ? "ok" : (job.reason ?? outcome);
  // An interpreter whose runner or world a program changed beyond repair serves no further run (judge.py).
  const mustReplace = outcome !== "ok" || isUntrusted || memoryBytes > config.recycleAboveMb * 1024 * 1024;
  const elapsedMs = performance.now() - job.startedAt;
  // The next run first, so the interpreter is not idle while the result is sent.
  if (mustReplace) discard(slot);
  else dispatch();
  sendDone({ type: "done", id: job.id, outcome: finalOutcome, result, message, elapsedMs, workerReplaced: mustReplace, memoryBytes, wasInterrupted: job.reason !== null });
}

function interrupt(slot: Slot, reason: "timeout" | "cancelled"): void {
  const job = slot.job;
  if (!job || job.reason) return;
  job.reason = reason;
  Atomics.store(slot.interrupt, 0, 2); // SIGINT: Python raises KeyboardInterrupt at its next check
  job.graceTimer = setTimeout(() => {
    if (slot.job !== job) return;
    finish(slot, reason, null, `the program ignored the interrupt for ${job.graceMs} ms; its interpreter was replaced`, 0);
  }, job.graceMs);
}

function dispatch(): void {
  for (const slot of serving) {
    if (queue.length === 0) return;
    if (!slot.isReady || slot.job || slot.isDead) continue;
    const job = queue.shift()!;
    slot.job = job;
    job.startedAt = performance.now();
    Atomics.store(slot.interrupt, 0, 0);
    Atomics.store(slot.memoryCap, 0, job.memoryMb);
    job.timer = setTimeout(() => interrupt(slot, "timeout"), job.timeoutMs);
    slot.worker.postMessage({ id: job.id, request: job.request });
  }
}

function onMessage(message: ToSandbox): void {
  if (message.type === "batch") {
    for (const inner of message.messages) onMessage(inner);
  } else if (message.type === "run") {
    queue.push({ ...message, startedAt: 0, reason: null });
    dispatch();
  } else if (message.type === "cancel") {
    const queued = queue.findIndex((job) => job.id === message.id);
    if (queued !== -1) {
      queue.splice(queued, 1);
      sendDone({ type: "done", id: message.id, outcome: "cancelled", result: null, elapsedMs: 0, workerReplaced: false, memoryBytes: 0 });
      return;
    }
    const slot = serving.find((s) => s.job?.id === message.id);
    if (slot) interrupt(slot, "cancelled");
  } else if (message.type === "stats") {
    send({
      type: "stats",
      stats: {
        pid: process.pid, rssBytes: process.memoryUsage().rss, serving: serving.filter((s) => s.isReady).length, spares: spares.filter((s) => s.isReady).length,
        starting: [...serving, ...spares].filter((s) => !s.isReady).length, replaced, workerStartMs, refusedSockets,
      },
    });
  }
}
process.on("message", onMessage);
// The core went away: nothing left to serve.
process.on("disconnect", () => process.exit(0));

// Ready as soon as one interpreter can serve; the others (spares last) load after it, so the first load
// does not share the CPU with them (cold start is what the CLI pays on every command).
serving.push(startSlot());
await serving[0].ready;
send({ type: "ready", startMs: performance.now() - startedAt, workerStartMs, fromSnapshot: firstFromSnapshot });
for (let i = 1; i < config.size; i++) serving.push(startSlot());
for (let i = 0; i < config.spares; i++) spares.push(startSlot());
