// Tests and benchmarks run from source, but the sandbox process needs plain JS: build out/sandbox (as
// scripts/build.mjs does) when it is missing or older than its sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { sandboxBuildOptions } from "../../../scripts/sandboxBuildOptions.mjs";

const sourceDirs = ["native/python/sandbox", "native/python/worker", "native/offline"];

export async function ensureSandboxBuilt({ root = process.cwd() }: { root?: string } = {}): Promise<void> {
  const outputs = ["out/sandbox/pythonSandbox.mjs", "out/sandbox/interpreterWorker.mjs", "out/sandbox/sandboxSocketGuard.mjs"].map((file) => join(root, file));
  const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const newest = Math.max(...sourceDirs.flatMap((dir) => readdirSync(join(root, dir)).map((file) => statSync(join(root, dir, file)).mtimeMs)));
  if (builtAt > newest) return;
  await build(sandboxBuildOptions(root));
}
