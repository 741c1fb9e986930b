// Entry of one interpreter worker thread inside the sandbox process (bundled to out/sandbox/interpreterWorker.mjs).
// Loads Pyodide from local files, runs runner.py, then takes away every route from JavaScript to the host it
// can: Python that reaches JS (pyodide_js, gc) finds no fetch, no process.binding/getBuiltinModule/dlopen/kill,
// and any later import() is refused by a module-resolution hook. The permission model of the process is the
// layer below (no child processes, no writes, reads of the runtime's files only).
import { constants as fsConstants } from "node:fs";
import { register } from "node:module";
import { constants as osConstants } from "node:os";
import { pathToFileURL } from "node:url";
import { MessageChannel, parentPort, workerData } from "node:worker_threads";
import judgeSource from "./judge.py";
import judgeWorldSource from "./judgeWorld.py";
import runnerEntrySource from "./runner.py";
import sandboxGuardSource from "./sandboxGuard.py";
import testRunnerSource from "./testRunner.py";
import tracerSource from "./tracer.py";
import { createJudgedRunner } from "./judgedRunner.js";
import { scrubJsRealm } from "./scrubJsRealm.js";
import type { WorkerData, WorkerJob, WorkerMessage } from "./workerProtocol.js";

const data = workerData as WorkerData;
// The Python runner's parts share one namespace, in this order (see the head of sandboxGuard.py).
const runnerSource = [sandboxGuardSource, testRunnerSource, tracerSource, runnerEntrySource, judgeWorldSource, judgeSource].join("\n");
const port = parentPort!;
const startedAt = performance.now();
const post = (message: WorkerMessage) => port.postMessage(message);

// After `lock`, every import (static or dynamic, node:* or data: or file:) fails. Hooks run on Node's loader
// thread; the data: URL keeps the sandbox free of extra files.
const hooksSource = `
let locked = false;
export async function initialize({ port }) { port.on("message", () => { locked = true; }); port.unref(); }
export async function resolve(specifier, context, next) {
  if (locked) throw Object.assign(new Error("import of " + JSON.stringify(specifier) + " is refused in the tracetune sandbox"), { code: "ERR_TRACETUNE_SANDBOX" });
  return next(specifier, context);
}`;
const lockChannel = new MessageChannel();
register(`data:text/javascript,${encodeURIComponent(hooksSource)}`, { data: { port: lockChannel.port2 }, transferList: [lockChannel.port2] });

// Pyodide's file-system start-up calls process.binding("constants"), which the permission model denies;
// the same constants are public in node:fs and node:os.
const nodeProcess = process as unknown as { binding: (name: string) => unknown };
const realBinding = nodeProcess.binding.bind(process);
nodeProcess.binding = (name: string) =>
  name === "constants" ? { fs: fsConstants, os: osConstants } : realBinding(name);

// The memory cap: Emscripten grows the heap through WebAssembly.Memory.prototype.grow; refusing past the cap
// makes malloc fail, so Python raises MemoryError and the interpreter lives on.
const memoryCap = new Int32Array(data.memoryCapBuffer);
// (tsconfig.node.json has no DOM lib, so WebAssembly's runtime classes are typed here.)
interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
const memoryPrototype = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly.Memory.prototype;
const realGrow = memoryPrototype.grow;
memoryPrototype.grow = function grow(this: WasmMemory, pages: number) {
  const capBytes = Atomics.load(memoryCap, 0) * 1024 * 1024;
  if (capBytes > 0 && this.buffer.byteLength + pages * 65536 > capBytes) throw new RangeError("tracetune: WebAssembly memory cap reached");
  return realGrow.call(this, pages);
};

const { loadPyodide } = (await import(pathToFileURL(`${data.pyodideDir}/pyodide.mjs`).href)) as typeof import("pyodide");
const load = (snapshot: { _loadSnapshot?: Uint8Array; _makeSnapshot?: boolean }) =>
  loadPyodide({
    indexURL: `${data.pyodideDir}/`,
    jsglobals: Object.create(null),
    env: { HOME: "/home/pyodide" },
    fullStdLib: false,
    // Output of runs is captured in Python (sandboxGuard.py); anything written straight to the fds is dropped.
    stdout: () => {},
    stderr: () => {},
    ...snapshot,
  });
let fromSnapshot = false;
let isSnapshotRejected = false;
let pyodide: Awaited<ReturnType<typeof loadPyodide>> | null = null;
if (data.snapshot) {
  try {
    pyodide = await load({ _loadSnapshot: data.snapshot });
    fromSnapshot = true;
  } catch {
    pyodide = null; // a stale or corrupt snapshot: load the slow way, and make a good one to replace it
    isSnapshotRejected = true;
  }
  // The heap now holds it: drop every reference (Pyodide keeps its options in API.config) so it can be freed.
  data.snapshot = null;
  const api = (pyodide as unknown as { _api?: { config?: { _loadSnapshot?: unknown } } } | null)?._api;
  if (api?.config) api.config._loadSnapshot = undefined;
}
if (!pyodide) {
  const makeSnapshot = data.makeSnapshot || isSnapshotRejected;
  pyodide = await load(makeSnapshot ? { _makeSnapshot: true } : {});
  // The Python runner (with the stdlib modules it preloads) runs before the snapshot, so it comes with it: compiling
  // it alone takes ~0.4 s of a cold wasm parser. Its namespace is a plain Python dict (no JS references, which
  // a snapshot cannot hold).
  pyodide.runPython(`_tracetune_runner = {}\nexec(compile(${JSON.stringify(runnerSource)}, "<tracetune-runner>", "exec"), _tracetune_runner)\n`);
  if (makeSnapshot) {
    const bytes = pyodide.makeMemorySnapshot();
    port.postMessage({ kind: "snapshot", bytes } satisfies WorkerMessage, [bytes.buffer as ArrayBuffer]);
  }
}
pyodide.setInterruptBuffer(new Int32Array(data.interruptBuffer));
const runnerGlobals = pyodide.globals.get("_tracetune_runner") as { get(name: string): unknown; delete(name: string): void };
// The runner namespace leaves __main__ (which every program can import): only this worker holds it now.
pyodide.runPython("del _tracetune_runner");
const runJob = createJudgedRunner(pyodide, runnerGlobals);
const pyModule = (pyodide as unknown as { _module: { HEAPU8: Uint8Array } })._module;
const heapBytes = () => pyModule.HEAPU8.buffer.byteLength;

// Warm every code path once before locking, so nothing Pyodide loads lazily is needed afterwards.
const warm = JSON.stringify({
  op: "trace", program: "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n", call: "f(3)", nonce: "",
  limits: { maxOutputBytes: 1000, recursionLimit: 1000 }, caps: { maxSteps: 100, maxReprLength: 50, maxStatesPerLine: 10, maxTraceBytes: 100000 },
});
runJob(warm);
const warmExec = JSON.stringify({ op: "exec", program: "def f(n):\n    return n + 1\n", tests: "import random\nassert f(1) == 2\nassert f(2) != 4 and 1 < f(1) <= 3\nassert f(random.randint(1, 3)) in (2, 3, 4)",
  nonce: "", testSeed: 1, limits: { maxOutputBytes: 1000, recursionLimit: 1000 } });
runJob(warmExec);

lockChannel.port1.postMessage("lock");
lockChannel.port1.unref();
// Start-up garbage (a 30 MB snapshot copy, the stdlib zip) would otherwise stay resident until V8 feels like it.
(globalThis as { gc?: () => void }).gc?.();
scrubJsRealm({ pyodide });
// Prove the interpreter still works with all of the above in place before taking runs, tests included.
runJob(warm);
const selfTest = runJob(warmExec).result;
if ((JSON.parse(selfTest) as { verdict?: string }).verdict !== "pass") throw new Error(`the interpreter failed its start-up self-test: ${selfTest.slice(0, 1000)}`);

post({ kind: "ready", startMs: performance.now() - startedAt, memoryBytes: heapBytes(), fromSnapshot });

port.on("message", (job: WorkerJob) => {
  try {
    const { result, discard } = runJob(job.request);
    post({ kind: "result", id: job.id, result, memoryBytes: heapBytes(), discard });
  } catch (error) {
    // A JS-level failure (Pyodide fatal error, wasm trap, JS stack overflow) leaves the interpreter unusable.
    post({ kind: "crash", id: job.id, message: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 2000) : String(error), memoryBytes: heapBytes() });
    process.exit(1);
  }
});
