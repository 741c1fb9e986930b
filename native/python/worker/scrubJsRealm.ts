// Takes away, after an interpreter worker has started, every route from JavaScript reachable by Python to the
// host or to code compilation: Python that somehow reaches JS (pyodide_js, a JsProxy) finds no fetch, no
// process.binding/getBuiltinModule/dlopen/kill, no require and no function constructor. Called once per worker,
// after the module-resolution lock and before the first run. The sandbox process also runs with
// --disallow-code-generation-from-strings (SandboxProcess.ts), so eval and the function constructors refuse
// even where a route was missed; this scrub is what holds without that flag (a test walks the whole object
// graph: tests/unit/python/worker/scrubJsRealm.test.ts).
import Module from "node:module";

/** Defines a property for good: not writable, not configurable, so no later code can put anything back. */
function pin(target: object, key: PropertyKey, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value, writable: false, configurable: false });
  } catch {
    // already pinned (a second scrub) or a non-configurable built-in: left as it is
  }
}

function refuse(what: string): () => never {
  return () => {
    throw Object.assign(new Error(`${what} is refused in the tracetune sandbox`), { code: "ERR_TRACETUNE_SANDBOX" });
  };
}

export function scrubJsRealm({ pyodide }: {
  /** The worker's Pyodide instance: its public objects are frozen so a run cannot leave state for the next. Default: none. */
  pyodide?: object;
} = {}): void {
  const scrubbedGlobals = ["fetch", "WebSocket", "EventSource", "Request", "Response", "Headers", "FormData", "navigator", "BroadcastChannel"];
  for (const name of scrubbedGlobals) delete (globalThis as Record<string, unknown>)[name];
  // reallyExit stays: in a worker it is what ends the thread, and process.exit (needed on a crash) calls it.
  const scrubbedProcess = [
    "binding", "_linkedBinding", "dlopen", "getBuiltinModule", "kill", "_kill", "_rawDebug", "openStdin", "setuid", "setgid",
    "seteuid", "setegid", "setgroups", "initgroups", "chdir", "ppid", "abort", "loadEnvFile",
    // report.getReport() lists host paths and network interfaces; the active handles include the worker's
    // port to the sandbox's main thread (a forged result message).
    "report", "_getActiveHandles", "_getActiveRequests", "_debugProcess", "_debugEnd",
  ];
  // An own property shadows the accessors that live on process's prototype.
  for (const name of scrubbedProcess) pin(process, name, undefined);
  (process as { env: unknown }).env = {};

  // Nothing compiles JavaScript from a string: no function prototype leads to a code-compiling constructor
  // (`pyodide_js.constructor.constructor` was `Function`), and the global names resolve to stubs that refuse.
  // The Function stub keeps Function.prototype as its prototype, so `x instanceof Function` (Pyodide's PyProxy
  // `has` trap uses it) still works.
  const samples = [function () {}, async function () {}, function* () {}, async function* () {}];
  const compilers = new Set<unknown>([globalThis.eval, ...samples.map((sample) => sample.constructor)]);
  for (const sample of samples) pin(Object.getPrototypeOf(sample), "constructor", undefined);
  const RefusedFunction = refuse("Function()");
  pin(RefusedFunction, "prototype", Function.prototype);
  pin(globalThis, "Function", RefusedFunction);
  // Pyodide's own eval users (Module._emscripten_run_script*, the EM_ASM loader of dynamic libraries) resolve
  // `eval` through this global.
  pin(globalThis, "eval", refuse("eval()"));

  // The CommonJS counterpart of the import lock: Pyodide's glue keeps a `require` in a closure (it loads
  // node:child_process for system(), ws for sockets); Node 20's module hooks do not cover require().
  const loader = Module as unknown as { _load: unknown; prototype: object };
  for (const [target, key] of [[loader, "_load"], [loader.prototype, "require"], [loader.prototype, "_compile"], [loader, "register"], [loader, "createRequire"]] as const) {
    pin(target, key, refuse("require()"));
  }

  if (pyodide) freezePyodideSurface(pyodide, compilers);
}

/**
 * Closes Pyodide's own routes and freezes what it exposes to Python and keeps no state in. Pyodide keeps the
 * real `Function` in `_api.tests.Function` (for its test suite), so its objects and their direct children lose
 * any property that holds a compiler. The jsglobals object (`import js`), the public API object (`pyodide_js`)
 * and its `ffi` are frozen, and every function of `_module` and `_api` is pinned, so a run can neither stash
 * data there for the next run nor swap a function the next run's call path goes through. Their data properties
 * stay writable: Emscripten updates them as it runs (heap views, errors).
 */
function freezePyodideSurface(pyodide: object, compilers: Set<unknown>): void {
  const internals = pyodide as { _module?: object; _api?: { config?: { jsglobals?: object } }; ffi?: object };
  const holders = [pyodide, internals._module, internals._api, internals.ffi].filter((holder): holder is object => typeof holder === "object" || typeof holder === "function");
  for (const holder of holders) {
    for (const owner of [holder, ...Reflect.ownKeys(holder).map((key) => ownValue(holder, key))]) {
      // (typed arrays are skipped: the wasm heap views have millions of indices and hold no functions)
      if ((typeof owner !== "object" && typeof owner !== "function") || owner === null || ArrayBuffer.isView(owner)) continue;
      for (const key of Reflect.ownKeys(owner)) {
        if (compilers.has(ownValue(owner, key))) pin(owner, key, undefined);
      }
    }
  }
  const jsglobals = internals._api?.config?.jsglobals;
  if (jsglobals) Object.freeze(jsglobals);
  if (internals.ffi) Object.freeze(internals.ffi);
  Object.freeze(pyodide);
  for (const holder of [internals._module, internals._api]) {
    if (!holder) continue;
    for (const key of Reflect.ownKeys(holder)) {
      const descriptor = Object.getOwnPropertyDescriptor(holder, key);
      if (descriptor && "value" in descriptor && typeof descriptor.value === "function" && descriptor.configurable) pin(holder, key, descriptor.value);
    }
  }
}

/** An own data property's value without running a getter (undefined for accessors). */
function ownValue(owner: object, key: PropertyKey): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(owner, key);
  return descriptor && "value" in descriptor ? descriptor.value : undefined;
}
