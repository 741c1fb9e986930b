import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { VersionInfo } from "../api/settingsApi.js";

const require = createRequire(import.meta.url);

/**
 * Versions of the parts that matter for reproducing a run. Read from the packages' own package.json
 * (found by walking up from their entry point, since their `exports` hide package.json).
 */
export function readVersions(): VersionInfo {
  return {
    tracetune: readPackageVersion("tracetune-self") ?? "unknown",
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    nodeLlamaCpp: readPackageVersion("node-llama-cpp"),
    pyodide: readPackageVersion("pyodide"),
  };
}

function readPackageVersion(name: string): string | null {
  try {
    let dir = name === "tracetune-self" ? path.dirname(new URL(import.meta.url).pathname) : path.dirname(require.resolve(name));
    for (let depth = 0; depth < 8; depth += 1) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        const wanted = name === "tracetune-self" ? "tracetune" : name;
        if (pkg.name === wanted && pkg.version) return pkg.version;
      } catch {
        // no package.json at this level; keep walking up
      }
      dir = path.dirname(dir);
    }
  } catch {
    // the package is not installed
  }
  return null;
}
