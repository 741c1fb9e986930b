import { createHash, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { CancelledError, InvalidInputError } from "../common/TracetuneError.js";
import {
  defaultExecLimits, defaultTraceCaps, type ExecLimits, type ExecRequest, type ExecResult, type PythonErrorInfo, type RunRequest,
  type TraceCaps, type TraceRequest,
} from "./common/execTypes.js";
import { addEffectOfLine } from "./common/addEffectOfLine.js";
import type { Trace, TraceStep } from "./common/traceTypes.js";
import { SandboxProcess, type SandboxReply } from "./node/SandboxProcess.js";
import { resolveSandboxFiles } from "./node/resolveSandboxFiles.js";
import { PythonRuntimeDisposedError } from "./PythonSandboxError.js";
import type { SandboxStats } from "./sandbox/sandboxProtocol.js";

export interface PythonRuntimeOptions {
  /** Interpreters serving runs at once. Default: the machine's parallelism, at most 2 (2 on a 2-core laptop). */
  size?: number;
  /** Loaded interpreters kept idle to replace a discarded one at once. Default 1. */
  spares?: number;
  /** Limits for runs that do not set their own. Default: `defaultExecLimits`. */
  limits?: Partial<ExecLimits>;
  /** Trace caps for traces that do not set their own. Default: `defaultTraceCaps`. */
  caps?: Partial<TraceCaps>;
  /** A worker whose WebAssembly memory grew past this many MiB is replaced after its run. Default 160. */
  recycleAboveMb?: number;
  /** Folder of the built sandbox (pythonSandbox.mjs). Default: the nearest out/sandbox. */
  sandboxDir?: string;
  /**
   * Folder where a Pyodide memory snapshot is cached between starts (an interpreter loads ~4x faster from
   * it). Default: none, so each start loads once the slow way and its later interpreters use the snapshot.
   */
  cacheDir?: string;
  /**
   * Which interpreters load from the snapshot: "first" (default: the one that decides start-up time; the
   * others load normally, since a snapshot-loaded interpreter holds ~30 MB more resident memory) or "all"
   * (replacements start ~4x faster, the pool uses ~100 MB more).
   */
  snapshotFor?: "first" | "all";
}

const limitFields = Object.keys(defaultExecLimits) as Array<keyof ExecLimits>;
const capFields = Object.keys(defaultTraceCaps) as Array<keyof TraceCaps>;

function mergeNumbers<T extends object>(what: string, fields: Array<keyof T>, base: T, patch: Partial<T> | undefined): T {
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (!fields.includes(key as keyof T)) throw new InvalidInputError(`Unknown ${what} field "${key}"; known: ${fields.join(", ")}.`, { field: key });
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new InvalidInputError(`${what}.${key} must be a positive number, got ${JSON.stringify(value)}.`, { field: key });
    }
    (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== "string") throw new InvalidInputError(`${field} must be a string.`, { field });
  if (value.trim() === "") throw new InvalidInputError(`${field} is empty.`, { field });
  return value;
}

interface RunnerExecResult {
  verdict?: ExecResult["verdict"];
  tests?: ExecResult["tests"];
  stdout?: string;
  stderr?: string;
  flags?: string[];
  error?: PythonErrorInfo;
  sentinel?: string;
  bad_input?: string;
}

/**
 * The bundled Python runtime: a pool of warm Pyodide interpreters in one sandbox process (see
 * docs/python-sandbox.md). Every call gets an answer (a verdict, or a partial trace with a reason), and the
 * pool keeps serving whatever a program does. Use `PythonRuntime.start()`; `dispose()` ends the process.
 */
export class PythonRuntime {
  private isDisposed = false;

  private constructor(
    private readonly sandbox: SandboxProcess,
    private readonly limits: ExecLimits,
    private readonly caps: TraceCaps,
  ) {}

  /** Starts the sandbox process and waits until one interpreter is warm. Throws `python_sandbox`. */
  static async start({ size = Math.max(1, Math.min(2, availableParallelism())), spares = 1, limits, caps, recycleAboveMb = 160, sandboxDir, cacheDir, snapshotFor = "first" }: PythonRuntimeOptions = {}): Promise<PythonRuntime> {
    const files = resolveSandboxFiles({ sandboxDir });
    const snapshotPath = cacheDir ? join(cacheDir, `pyodide-${files.pyodideVersion}-node${process.versions.node}-${files.workerHash}.snapshot`) : null;
    const sandbox = new SandboxProcess({ files, config: { pyodideDir: files.pyodideDir, size, spares, recycleAboveMb, snapshotFor }, snapshotPath });
    await sandbox.start();
    return new PythonRuntime(sandbox, mergeNumbers("limits", limitFields, defaultExecLimits, limits), mergeNumbers("caps", capFields, defaultTraceCaps, caps));
  }

  /** Runs a program, then its tests (MBPP asserts or a HumanEval `check` harness), and returns the verdict. */
  async exec(request: ExecRequest, options: { signal?: AbortSignal } = {}): Promise<ExecResult> {
    const program = requireText(request.program, "program");
    const tests = requireText(request.tests, "tests");
    if (request.testKind !== undefined && request.testKind !== "asserts" && request.testKind !== "check") {
      throw new InvalidInputError(`testKind must be "asserts" or "check", got ${JSON.stringify(request.testKind)}.`, { field: "testKind" });
    }
    const testSeed = request.testSeed ?? defaultTestSeed(tests, request.entryPoint);
    if (!Number.isSafeInteger(testSeed) || testSeed < 0) throw new InvalidInputError(`testSeed must be a non-negative integer, got ${JSON.stringify(request.testSeed)}.`, { field: "testSeed" });
    const result = await this.execute({ op: "exec", program, tests, testKind: request.testKind ?? null, entryPoint: request.entryPoint ?? null, setup: request.setup ?? "", testSeed }, request.limits, options.signal);
    return { ...result, testSeed };
  }

  /** Runs a program with no tests: verdict "pass" when the module completes; its stdout is returned. */
  async run(request: RunRequest, options: { signal?: AbortSignal } = {}): Promise<ExecResult> {
    const program = requireText(request.program, "program");
    return this.execute({ op: "run", program, tests: null, setup: request.setup ?? "" }, request.limits, options.signal);
  }

  /** Runs the program, then traces `call` step by step. A cap or a limit returns the partial trace with `reason`. */
  async trace(request: TraceRequest, options: { signal?: AbortSignal } = {}): Promise<Trace> {
    const program = requireText(request.program, "program");
    const call = requireText(request.call, "call");
    const limits = mergeNumbers("limits", limitFields, this.limits, request.limits);
    const caps = mergeNumbers("caps", capFields, this.caps, request.caps);
    const reply = await this.send({ op: "trace", program, call, setup: request.setup ?? "", limits, caps, nonce: "" }, limits, options.signal);
    const base: Trace = { call, steps: [], stdout: "", truncated: false, elapsedMs: Math.round(reply.elapsedMs) };
    if (reply.outcome === "timeout") return { ...base, truncated: true, reason: "timeout" };
    if (reply.outcome !== "ok" || reply.result === null) {
      const reason = crashReason(reply.message, reply.memoryBytes, limits);
      const exception = { type: reason === "recursion" ? "RecursionError" : reason === "memory" ? "MemoryError" : "InterpreterCrash", message: reply.message ?? "the interpreter stopped", line: null };
      return { ...base, truncated: true, exception, ...(reason === "crash" ? {} : { reason }) };
    }
    const parsed = JSON.parse(reply.result) as Partial<Trace> & { bad_input?: string; syntax?: PythonErrorInfo };
    if (parsed.bad_input) throw new InvalidInputError(`Cannot trace: ${parsed.bad_input}.`, { field: "call" });
    if (parsed.syntax) throw new InvalidInputError(`The program has a syntax error at line ${parsed.syntax.line ?? "?"}: ${parsed.syntax.message}.`, { field: "program", line: parsed.syntax.line });
    const { bad_input: _b, syntax: _s, ...trace } = parsed;
    if (trace.reason === "timeout" && !reply.wasInterrupted) {
      // A KeyboardInterrupt the program raised itself ended the call: an exception, not a cut trace.
      delete trace.reason;
      trace.truncated = false;
      trace.exception ??= { type: "KeyboardInterrupt", message: "", line: null };
    }
    // tracer.py sends "line" steps as compact arrays (see make_line_callback); the rest as objects.
    let steps = (trace.steps ?? []).map((step: TraceStep | CompactLineStep) => (Array.isArray(step) ? expandLineStep(step) : step));
    if (trace.reason === "timeout" && reply.wasInterrupted) {
      // The KeyboardInterrupt is the sandbox's own time-limit interrupt, not the program's exception: its step
      // is the state at the stop point (a line state; the renderer marks the last one __stopped__=timeout).
      steps = steps.map((step) => (step.event === "exception" && step.exception?.type === "KeyboardInterrupt" ? withoutInterrupt(step) : step));
      if (trace.exception?.type === "KeyboardInterrupt") delete trace.exception;
    }
    return addEffectOfLine({ ...base, ...trace, steps, call, elapsedMs: Math.round(reply.elapsedMs) } as Trace, { maxStatesPerLine: caps.maxStatesPerLine });
  }

  /** Verifies many (program, tests) pairs across the pool; results are in request order. Cancel with `signal`. */
  async verifyMany(requests: ExecRequest[], options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<ExecResult[]> {
    let done = 0;
    const total = requests.length;
    options.onProgress?.(0, total);
    const results = await Promise.all(
      requests.map(async (request) => {
        const result = await this.exec(request, { signal: options.signal }).catch((error: unknown) => {
          if (error instanceof CancelledError) throw error;
          if (error instanceof InvalidInputError) {
            return { verdict: "error", tests: [], stdout: "", stderr: "", elapsedMs: 0, flags: ["invalid_input"], error: { type: "InvalidInput", message: error.message, line: null } } satisfies ExecResult;
          }
          throw error;
        });
        done += 1;
        options.onProgress?.(done, total);
        return result;
      }),
    );
    return results;
  }

  /** How the last sandbox start went: ms until one interpreter served, and whether it loaded from a snapshot. */
  get startInfo(): { startMs: number; fromSnapshot: boolean } {
    return { startMs: this.sandbox.lastStartMs, fromSnapshot: this.sandbox.lastStartFromSnapshot };
  }

  /** Memory and pool state of the sandbox process (for benchmarks and the settings page). */
  async stats(): Promise<SandboxStats> {
    this.assertAlive();
    return this.sandbox.stats();
  }

  /** Ends the sandbox process. Calls after this throw `disposed`. */
  async dispose(): Promise<void> {
    if (this.isDisposed) return;
    this.isDisposed = true;
    await this.sandbox.dispose();
  }

  private assertAlive(): void {
    if (this.isDisposed) throw new PythonRuntimeDisposedError();
  }

  private async send(payload: Record<string, unknown>, limits: ExecLimits, signal: AbortSignal | undefined): Promise<SandboxReply> {
    this.assertAlive();
    if (signal?.aborted) throw new CancelledError();
    const reply = await this.sandbox.request({ request: JSON.stringify(payload), timeoutMs: limits.timeoutMs, memoryMb: limits.memoryMb, graceMs: limits.interruptGraceMs, signal });
    if (reply.outcome === "cancelled") throw new CancelledError();
    return reply;
  }

  private async execute(payload: Record<string, unknown>, limitPatch: Partial<ExecLimits> | undefined, signal: AbortSignal | undefined): Promise<ExecResult> {
    const limits = mergeNumbers("limits", limitFields, this.limits, limitPatch);
    // The sentinel is a fresh secret per run: a pass needs the runner to have got past every test.
    const nonce = randomBytes(12).toString("hex");
    const reply = await this.send({ ...payload, limits, nonce }, limits, signal);
    const elapsedMs = Math.round(reply.elapsedMs);
    const flags = reply.workerReplaced ? ["worker_replaced"] : [];
    if (reply.outcome === "timeout") {
      return { verdict: "timeout", tests: [], stdout: "", stderr: "", elapsedMs, flags, error: { type: "Timeout", message: reply.message ?? `the run took longer than ${limits.timeoutMs} ms`, line: null } };
    }
    if (reply.outcome === "crash" || reply.result === null) {
      const reason = crashReason(reply.message, reply.memoryBytes, limits);
      const verdict = reason === "memory" ? "memory" : "error";
      return { verdict, tests: [], stdout: "", stderr: "", elapsedMs, flags, error: { type: reason === "recursion" ? "RecursionError" : "InterpreterCrash", message: reply.message ?? "the interpreter stopped", line: null } };
    }
    const parsed = JSON.parse(reply.result) as RunnerExecResult;
    if (parsed.bad_input) throw new InvalidInputError(`Invalid tests: ${parsed.bad_input}.`, { field: "tests" });
    let verdict = parsed.verdict ?? "error";
    if (verdict === "pass" && parsed.sentinel !== nonce) verdict = "error";
    // The runner reads any KeyboardInterrupt as the time limit's; one the program raised itself is an error.
    const isOwnInterrupt = verdict === "timeout" && !reply.wasInterrupted;
    if (isOwnInterrupt) verdict = "error";
    const result: ExecResult = {
      verdict, tests: parsed.tests ?? [], stdout: parsed.stdout ?? "", stderr: parsed.stderr ?? "", elapsedMs, flags: [...(parsed.flags ?? []), ...flags],
    };
    if (parsed.error) result.error = parsed.error;
    // The runner sees the time limit as the KeyboardInterrupt it raised; say what it was, keep where it hit.
    if (isOwnInterrupt) result.error = { type: "KeyboardInterrupt", message: parsed.error?.message ?? "", line: parsed.error?.line ?? null };
    if (verdict === "timeout") result.error = { type: "Timeout", message: `the run took longer than ${limits.timeoutMs} ms`, line: parsed.error?.line ?? null };
    return result;
  }
}

/** The tests' random seed when the request names none: the same tests and entry point always get the same one,
 * so a verdict is reproducible, and the program has no say in it. */
export function defaultTestSeed(tests: string, entryPoint: string | undefined): number {
  return createHash("sha256").update(JSON.stringify([tests, entryPoint ?? null])).digest().readUIntBE(0, 6);
}

/** [step, line, frame, frameId, depth, changed, stdout | null], as tracer.py's line callback writes it. */
type CompactLineStep = [number, number, string, number, number, Record<string, string>, string | null];

function expandLineStep([step, line, frame, frameId, depth, changed, stdout]: CompactLineStep): TraceStep {
  const expanded: TraceStep = { step, line, event: "line", frame, frameId, depth, changed };
  if (stdout !== null) expanded.stdout = stdout;
  return expanded;
}

/** A step the time limit's interrupt ended: the state where the program stopped, without an exception. */
function withoutInterrupt(step: TraceStep): TraceStep {
  const { exception: _interrupt, ...state } = step;
  return { ...state, event: "line" };
}

/** What ended a run whose interpreter died: the memory cap, the stack, or something else. */
function crashReason(message: string | undefined, memoryBytes: number, limits: ExecLimits): "memory" | "recursion" | "crash" {
  const text = message ?? "";
  if (/call stack|stack overflow|recursion/i.test(text)) return "recursion";
  if (/memory|OOM/i.test(text) || memoryBytes >= limits.memoryMb * 1024 * 1024 * 0.9) return "memory";
  return "crash";
}
