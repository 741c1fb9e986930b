import os from "node:os";
import path from "node:path";

export interface ResolvedLlamaToolsDir {
  dir: string;
  source: "env" | "cache";
}

/**
 * Where tracetune's build of llama.cpp's tools lives: `$TRACETUNE_LLAMA_CPP_DIR` as given, else
 * `<cache>/tracetune/llama.cpp/<tag>`, where `<cache>` is `$XDG_CACHE_HOME`, else the platform's cache
 * folder (`~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows). It is outside
 * the clone on purpose: a fresh checkout (CI) on the same machine finds the build and skips 5 minutes.
 */
export function resolveLlamaToolsDir(options: { tag: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; home?: string }): ResolvedLlamaToolsDir {
  const { tag, env = process.env, platform = process.platform, home = os.homedir() } = options;
  if (env.TRACETUNE_LLAMA_CPP_DIR) return { dir: path.resolve(env.TRACETUNE_LLAMA_CPP_DIR), source: "env" };
  return { dir: path.join(platformCacheDir(platform, env, home), "tracetune", "llama.cpp", tag), source: "cache" };
}

export function platformCacheDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  if (platform === "win32") return env.LOCALAPPDATA ?? path.join(home, "AppData", "Local");
  if (platform === "darwin") return path.join(home, "Library", "Caches");
  return path.join(home, ".cache");
}
