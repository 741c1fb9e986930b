// How the Python sandbox process and its interpreter workers are bundled: plain JS, fully bundled (under Node's
// permission model the sandbox may read only its own folder and the pyodide package), runner .py files inlined
// as text. One definition for scripts/build.mjs and for tests that build the sandbox on demand.
import { join } from "node:path";

/** Node ESM bundles written as out/<name>.mjs. */
export const nodeBundleOptions = {
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
};

/** esbuild options that build out/sandbox/ under `root` (default: the current directory). */
export function sandboxBuildOptions(root = ".") {
  return {
    ...nodeBundleOptions,
    entryPoints: {
      "sandbox/pythonSandbox": join(root, "native/python/sandbox/pythonSandbox.ts"),
      "sandbox/interpreterWorker": join(root, "native/python/worker/interpreterWorker.ts"),
      "sandbox/sandboxSocketGuard": join(root, "native/python/sandbox/sandboxSocketGuard.ts"),
    },
    outdir: join(root, "out"),
    loader: { ".py": "text" },
  };
}
