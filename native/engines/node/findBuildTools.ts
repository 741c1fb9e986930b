import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { BuildToolsMissingError } from "../engineErrors.js";

export interface BuildTools {
  git: string;
  cmake: string;
  /** The C++ compiler found on PATH (or `$CXX`); null on Windows, where CMake finds Visual Studio itself. */
  cxx: string | null;
  /** Ninja when installed: its "[n/total]" lines give exact progress. Else CMake's default generator. */
  ninja: string | null;
}

/** A program's full path on PATH (with PATHEXT on Windows), or null. */
export function findOnPath(name: string, { env = process.env, platform = process.platform }: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {}): string | null {
  const delimiter = platform === "win32" ? ";" : ":";
  const extensions = platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  const candidates = path.isAbsolute(name) ? [name] : (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  for (const base of candidates) {
    for (const extension of extensions) {
      const file = base + extension;
      try {
        if (!statSync(file).isFile()) continue;
        if (platform !== "win32") accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here, or not executable
      }
    }
  }
  return null;
}

/**
 * The programs the offline build needs: git (to check out the bundled release), CMake and a C++ compiler.
 * Throws `build_tools_missing` naming every one that is missing, with the package that provides it.
 */
export function findBuildTools(options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {}): BuildTools {
  const { env = process.env, platform = process.platform } = options;
  const find = (name: string) => findOnPath(name, { env, platform });
  const git = find("git");
  const cmake = find("cmake");
  const cxxNames = env.CXX ? [env.CXX] : ["c++", "g++", "clang++"];
  const cxx = platform === "win32" ? null : cxxNames.map(find).find((found) => found !== null) ?? null;
  const missing: Array<{ tool: string; hint: string }> = [];
  const install = platform === "darwin" ? "xcode-select --install, or brew install" : platform === "win32" ? "install it and reopen the terminal" : "apt-get install";
  if (!git) missing.push({ tool: "git", hint: `${install} git` });
  if (!cmake) missing.push({ tool: "cmake (3.14 or newer)", hint: `${install} cmake` });
  if (platform !== "win32" && !cxx) missing.push({ tool: env.CXX ? `the C++ compiler $CXX=${env.CXX}` : "a C++ compiler (c++, g++ or clang++)", hint: platform === "darwin" ? "xcode-select --install" : "apt-get install g++" });
  if (missing.length > 0 || !git || !cmake) throw new BuildToolsMissingError(missing, env.PATH ?? env.Path ?? "(PATH is empty)");
  return { git, cmake, cxx, ninja: find("ninja") };
}
