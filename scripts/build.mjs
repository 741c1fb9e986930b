// Builds everything the app runs from: the Electron main/preload/core-host and the renderer (electron-vite),
// and the headless CLI and web host (esbuild). Dependencies stay external: they load from node_modules.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, ["node_modules/electron-vite/bin/electron-vite.js", "build", "--logLevel", "warn"]);

await build({
  entryPoints: { "cli/tracetune": "native/hosts/cli/tracetune.ts" },
  outdir: "out",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
// The Python sandbox process and its interpreter workers: plain JS, fully bundled (it may read only its own
// folder and the pyodide package under Node's permission model), with runner.py inlined as text.
await build({
  entryPoints: { "sandbox/pythonSandbox": "native/python/sandbox/pythonSandbox.ts", "sandbox/interpreterWorker": "native/python/worker/interpreterWorker.ts" },
  outdir: "out",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  loader: { ".py": "text" },
  logLevel: "warning",
});
console.log("build: out/main, out/preload, out/renderer, out/cli, out/sandbox");
