import os from "node:os";
import path from "node:path";

export interface ResolvedDataDir {
  dataDir: string;
  source: "flag" | "env" | "platform";
}

/**
 * The data dir: the --data-dir flag, else TRACETUNE_DATA_DIR, else the platform's app-data folder (the same
 * folder Electron's `app.getPath("userData")` gives for an app named tracetune, so all front doors share it).
 */
export function resolveDataDir(options: { flag?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; home?: string } = {}): ResolvedDataDir {
  const { flag, env = process.env, platform = process.platform, home = os.homedir() } = options;
  if (flag) return { dataDir: path.resolve(flag), source: "flag" };
  if (env.TRACETUNE_DATA_DIR) return { dataDir: path.resolve(env.TRACETUNE_DATA_DIR), source: "env" };
  return { dataDir: path.join(platformAppDataDir(platform, env, home), "tracetune"), source: "platform" };
}

function platformAppDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === "win32") return env.APPDATA ?? path.join(home, "AppData", "Roaming");
  if (platform === "darwin") return path.join(home, "Library", "Application Support");
  return env.XDG_CONFIG_HOME ?? path.join(home, ".config");
}
