// Takes away, after an interpreter worker has started, every route from JavaScript reachable by Python to the
// host or to code compilation: Python that somehow reaches JS (pyodide_js, a JsProxy) finds no fetch, no
// process.binding/getBuiltinModule/dlopen/kill, and no function constructor. Called once per worker, after the
// module-resolution lock and before the first run.
export function scrubJsRealm(): void {
  const scrubbedGlobals = ["fetch", "WebSocket", "EventSource", "Request", "Response", "Headers", "FormData", "navigator", "BroadcastChannel"];
  for (const name of scrubbedGlobals) delete (globalThis as Record<string, unknown>)[name];
  const scrubbedProcess = ["binding", "_linkedBinding", "dlopen", "getBuiltinModule", "kill", "_kill", "reallyExit", "_rawDebug", "openStdin", "setuid", "setgid", "chdir", "ppid"];
  for (const name of scrubbedProcess) {
    try {
      Object.defineProperty(process, name, { value: undefined, configurable: false, writable: false });
    } catch {
      // a few are accessors on the prototype; shadowing with an own property above covers them
    }
  }
  (process as { env: unknown }).env = {};
  // Close the known route from Python to arbitrary JS (`pyodide_js.constructor.constructor` is `Function`):
  // no function prototype leads to a code-compiling constructor any more, and there is no global eval.
  for (const sample of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(sample), "constructor", { value: undefined, writable: false, configurable: false });
  }
  delete (globalThis as { eval?: unknown }).eval;
}
