// Builds everything the app runs from: the Electron main/preload/core-host and the renderer (electron-vite),
// and the headless CLI and web host (esbuild). Dependencies stay external: they load from node_modules.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { nodeBundleOptions, sandboxBuildOptions } from "./sandboxBuildOptions.mjs";

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, ["node_modules/electron-vite/bin/electron-vite.js", "build", "--logLevel", "warn"]);

await build({
  ...nodeBundleOptions,
  entryPoints: { "cli/tracetune": "native/hosts/cli/tracetune.ts" },
  outdir: "out",
  packages: "external",
  sourcemap: true,
});
await build(sandboxBuildOptions());
console.log("build: out/main, out/preload, out/renderer, out/cli, out/sandbox");
