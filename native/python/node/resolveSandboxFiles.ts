import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PythonSandboxError } from "../PythonSandboxError.js";

export interface SandboxFiles {
  /** out/sandbox/pythonSandbox.mjs, the sandbox process's entry (plain JS, built by scripts/build.mjs). */
  entry: string;
  /** out/sandbox/sandboxSocketGuard.mjs, preloaded into every thread of the sandbox (refuses all sockets). */
  socketGuard: string;
  /** The folder of the `pyodide` package: the only other files the sandbox may read. */
  pyodideDir: string;
  /** The pyodide package's version (a memory snapshot is only valid for the version that made it). */
  pyodideVersion: string;
  /** Short hash of the built interpreter worker (it inlines the Python runner, which a snapshot holds). */
  workerHash: string;
}

/**
 * Finds the built sandbox entry and the pyodide package. The entry is looked up in `out/sandbox` of the first
 * folder, walking up from this module, that has one: the same rule works from the source tree (tests, tsx),
 * the bundled CLI (out/cli) and Electron's out/main.
 */
export function resolveSandboxFiles({ sandboxDir }: {
  /** Folder holding pythonSandbox.mjs, interpreterWorker.mjs and sandboxSocketGuard.mjs. Default: the nearest out/sandbox above this module. */
  sandboxDir?: string;
} = {}): SandboxFiles {
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = sandboxDir;
  if (!dir) {
    for (let at = here; ; at = dirname(at)) {
      if (existsSync(join(at, "out", "sandbox", "pythonSandbox.mjs"))) {
        dir = join(at, "out", "sandbox");
        break;
      }
      if (dirname(at) === at) break;
    }
  }
  const entry = dir ? join(dir, "pythonSandbox.mjs") : "";
  const socketGuard = dir ? join(dir, "sandboxSocketGuard.mjs") : "";
  if (!dir || !existsSync(entry) || !existsSync(join(dir, "interpreterWorker.mjs")) || !existsSync(socketGuard)) {
    throw new PythonSandboxError("The Python sandbox is not built (out/sandbox/pythonSandbox.mjs is missing). Run: npm run build", { sandboxDir: dir ?? null });
  }
  const pyodideDir = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
  const pyodideVersion = (JSON.parse(readFileSync(join(pyodideDir, "package.json"), "utf8")) as { version: string }).version;
  const workerHash = createHash("sha256").update(readFileSync(join(dir, "interpreterWorker.mjs"))).digest("hex").slice(0, 12);
  return { entry: unpacked(realpathSync(entry)), socketGuard: unpacked(realpathSync(socketGuard)), pyodideDir: unpacked(realpathSync(pyodideDir)), pyodideVersion, workerHash };
}

/**
 * In a packaged Electron app these files sit in `app.asar.unpacked` (electron-builder.yml's asarUnpack), but
 * module paths point into `app.asar`; the sandbox process reads real files under the permission model, so it
 * gets the unpacked path.
 */
function unpacked(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, "$1app.asar.unpacked$2");
}
