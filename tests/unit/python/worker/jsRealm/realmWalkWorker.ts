// Worker-thread entry (bundled by the test with esbuild): loads Pyodide as interpreterWorker.ts does, runs
// scrubJsRealm(), then walks everything reachable from what Python can hold (the pyodide API object, its
// _module and _api, the jsglobals object, globalThis, and a sample of every kind of built-in object) and posts
// back each path to a dangerous value. Everything dangerous is captured here, by identity, before Pyodide loads
// and before the scrub. It then calls Pyodide's own functions that compile or load code from a string.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { scrubJsRealm } from "../../../../../native/python/worker/scrubJsRealm.js";
import { walkJsGraph, type Finding } from "./walkJsGraph.js";

export interface RealmWalkOptions {
  pyodideDir: string;
  /** Run scrubJsRealm() before the walk (false: see what an unscrubbed realm exposes). */
  shouldScrub: boolean;
  /** Also report functions whose source compiles code from a string or loads a module (eval, require…). */
  shouldReportSourceUses: boolean;
}

export interface RealmWalkResult {
  findings: Finding[];
  visited: number;
  /** Python ran before and after the walk, with the scrub in place. */
  pythonWorks: boolean;
  /** What each of Pyodide's own code-running functions did when called: "ran" or "refused: <error>". */
  probes: Record<string, string>;
}

const { pyodideDir, shouldScrub, shouldReportSourceUses } = workerData as RealmWalkOptions;

const dangers = new Map<unknown, string>();
const mark = (value: unknown, name: string) => {
  if ((typeof value === "function" || (typeof value === "object" && value !== null)) && !dangers.has(value)) dangers.set(value, name);
};
// Everything that compiles JavaScript from a string.
mark(Function, "Function");
mark((async () => {}).constructor, "AsyncFunction");
mark(function* () {}.constructor, "GeneratorFunction");
mark(async function* () {}.constructor, "AsyncGeneratorFunction");
mark(globalThis.eval, "eval");
// Node modules that run code, load modules, start processes or threads, or open sockets: the module objects
// themselves and each of their functions.
const hostModules = ["vm", "module", "worker_threads", "child_process", "cluster", "net", "tls", "dgram", "dns", "http", "https", "http2", "inspector", "repl", "wasi"];
for (const name of hostModules) {
  const namespace = (await import(`node:${name}`)) as Record<string, unknown>;
  mark(namespace, `node:${name}`);
  mark(namespace.default, `node:${name} (default export)`);
  // worker_threads' MessageChannel and MessagePort are plain globals too (they only talk to ports one holds).
  if (name === "worker_threads") continue;
  for (const [key, value] of Object.entries(namespace.default as object)) mark(value, `node:${name}.${key}`);
}
mark((await import("node:worker_threads")).Worker, "node:worker_threads.Worker");
const cjsModule = (await import("node:module")).default as unknown as { _load: unknown; prototype: Record<string, unknown> };
mark(cjsModule._load, "Module._load");
for (const key of ["require", "_compile", "load"]) mark(cjsModule.prototype[key], `Module.prototype.${key}`);
mark(createRequire(import.meta.url), "require");
// The process's own doors to native code and to other processes.
const hostProcess = process as unknown as Record<string, unknown>;
for (const key of ["binding", "_linkedBinding", "dlopen", "getBuiltinModule", "kill", "_kill", "execve", "env", "report", "_getActiveHandles"]) mark(hostProcess[key], `process.${key}`);
for (const key of ["fetch", "WebSocket", "EventSource"]) mark((globalThis as Record<string, unknown>)[key], key);
// The worker's port to the sandbox's main thread: whoever holds it can post a forged result.
mark(parentPort, "parentPort");

const sourceOf = Function.prototype.toString;
/** By identity, else by shape: any `require`-like function or CommonJS Module class (Pyodide makes its own). */
function classify(value: unknown): string | null {
  const known = dangers.get(value);
  if (known) return known;
  if (typeof value !== "function") return null;
  const name = (() => { try { return (value as { name?: unknown }).name; } catch { return undefined; } })();
  if (name === "require" || name === "createRequire") return `a function named ${name}`;
  if (typeof (value as { _load?: unknown })._load === "function") return "a CommonJS Module class";
  if (shouldReportSourceUses) {
    let source = "";
    try { source = sourceOf.call(value); } catch { /* not inspectable */ }
    const use = /\beval\(|new Function\b|[^\w.]Function\(|\bimport\(|\brequire\(|runInThisContext/.exec(source);
    if (use) return `source uses ${use[0]}`;
  }
  return null;
}

const { loadPyodide } = (await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href)) as typeof import("pyodide");
const jsglobals = Object.create(null) as object;
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, jsglobals, env: { HOME: "/home/pyodide" }, fullStdLib: false, stdout: () => {}, stderr: () => {} });
const PyProxy = pyodide.ffi.PyProxy;
// Run some Python before the scrub, as the real worker's warm-up does, so lazily made JS objects exist.
pyodide.runPython("import json, re\n_warm = json.dumps([re.sub('a', 'b', 'aa') for _ in range(3)])\n");

if (shouldScrub) scrubJsRealm({ pyodide });
// The interpreter must keep working with the scrub in place (and the walk below must not break it).
const check = "import os, random, decimal, fractions, traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    tb = traceback.format_exc()\n(len(os.urandom(8)), int(random.random() < 1), str(decimal.Decimal(1) / 4), 'ZeroDivisionError' in tb)";
const before = JSON.stringify((pyodide.runPython(check) as { toJs(): unknown }).toJs());

const internals = pyodide as unknown as { _module: Record<string, (...args: unknown[]) => unknown>; _api: { tests?: Record<string, unknown> } };
// One object of every built-in kind, made after the scrub: their prototypes are the hidden intrinsics
// (%GeneratorFunction.prototype%, %AsyncIteratorPrototype%, %TypedArray%…) that no global names.
const builtinSamples = [
  function () {}, async function () {}, function* () {}, async function* () {}, (function* () {})(), (async function* () {})(),
  [][Symbol.iterator](), new Map().entries(), new Set().values(), "x".matchAll(/x/g), Promise.resolve(), new Error("sample"),
  new Uint8Array(1), new DataView(new ArrayBuffer(1)), new WeakRef({}), new Proxy({}, {}), /x/, new Date(0), () => {},
  class {}, Symbol.iterator,
];
const { findings, visited } = walkJsGraph({
  roots: { pyodide, "pyodide._module": internals._module, "pyodide._api": internals._api, jsglobals, globalThis, builtinSamples },
  classify,
  isOpaque: (value) => value instanceof PyProxy,
});
const after = pyodide.runPython("'-'.join(str(i) for i in range(3))") as string;

// Pyodide's own functions that run JavaScript or load a module by name, called as Python holding a JsProxy could.
const attempt = (run: () => unknown) => {
  try {
    run();
    return "ran";
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message : String(error)}`;
  }
};
const text = (value: string) => internals._module.stringToNewUTF8(value);
const probes: Record<string, string> = {
  "_module._emscripten_run_script (eval)": attempt(() => internals._module._emscripten_run_script(text("void 0"))),
  "_module.__emscripten_system (require child_process)": attempt(() => internals._module.__emscripten_system(text("true"))),
  "_api.tests.Function": attempt(() => (internals._api.tests?.Function as (body: string) => () => unknown)("return 1")()),
  "globalThis.Function": attempt(() => Function("return 1")()),
};
parentPort!.postMessage({ findings, visited, pythonWorks: before === '[8,1,"0.25",true]' && after === "0-1-2", probes } satisfies RealmWalkResult);
