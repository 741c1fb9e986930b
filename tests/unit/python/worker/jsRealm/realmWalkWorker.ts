// Worker-thread entry (bundled by the test with esbuild): loads Pyodide as interpreterWorker.ts does, runs
// scrubJsRealm(), then walks everything reachable from what Python can hold (the pyodide API object, its
// _module and _api, the jsglobals object, globalThis) and posts back each path to a dangerous value.
// Everything dangerous is captured here, by identity, before Pyodide loads and before the scrub.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { scrubJsRealm } from "../../../../../native/python/worker/scrubJsRealm.js";
import { walkJsGraph } from "./walkJsGraph.js";

export interface RealmWalkOptions {
  pyodideDir: string;
  /** Run scrubJsRealm() before the walk (false: see what an unscrubbed realm exposes). */
  shouldScrub: boolean;
  /** Also report functions whose source compiles code from a string or loads a module (eval, require…). */
  shouldReportSourceUses: boolean;
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
for (const key of ["binding", "_linkedBinding", "dlopen", "getBuiltinModule", "kill", "_kill", "execve", "env"]) mark(hostProcess[key], `process.${key}`);
for (const key of ["fetch", "WebSocket", "EventSource"]) mark((globalThis as Record<string, unknown>)[key], key);

/** By identity, else by shape: any `require`-like function or CommonJS Module class (Pyodide makes its own). */
function classify(value: unknown): string | null {
  const known = dangers.get(value);
  if (known) return known;
  if (typeof value === "function") {
    const name = (() => { try { return (value as { name?: unknown }).name; } catch { return undefined; } })();
    if (name === "require" || name === "createRequire") return `a function named ${name}`;
    if (typeof (value as { _load?: unknown })._load === "function") return "a CommonJS Module class";
    if (shouldReportSourceUses) {
      let source = "";
      try { source = Function.prototype.toString.call(value); } catch { /* not inspectable */ }
      const use = /\beval\(|new Function\b|[^\w.]Function\(|\bimport\(|\brequire\(|runInThisContext/.exec(source);
      if (use) return `source uses ${use[0]}`;
    }
  }
  return null;
}

const { loadPyodide } = (await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href)) as typeof import("pyodide");
const jsglobals = Object.create(null) as object;
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, jsglobals, env: { HOME: "/home/pyodide" }, fullStdLib: false, stdout: () => {}, stderr: () => {} });
const PyProxy = pyodide.ffi.PyProxy;
const isPyProxy = (value: object) => value instanceof PyProxy;
// Run some Python before the scrub, as the real worker's warm-up does, so lazily made JS objects exist.
pyodide.runPython("import json, re\n_warm = json.dumps([re.sub('a', 'b', 'aa') for _ in range(3)])\n");

if (shouldScrub) scrubJsRealm();
// The interpreter must keep working with the scrub in place (and the walk below must not break it).
const before = pyodide.runPython("sum(i * i for i in range(10))") as number;

const internals = pyodide as unknown as { _module: unknown; _api: unknown };
const roots: Record<string, unknown> = { pyodide, "pyodide._module": internals._module, "pyodide._api": internals._api, jsglobals, globalThis };
const { findings, visited } = walkJsGraph({
  roots,
  classify,
  isOpaque: isPyProxy,
});
const after = pyodide.runPython("'-'.join(str(i) for i in range(3))") as string;
parentPort!.postMessage({ findings, visited, pythonWorks: before === 285 && after === "0-1-2" });
