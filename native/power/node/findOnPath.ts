import { accessSync, constants } from "node:fs";
import path from "node:path";

/** Whether an executable named `name` is on PATH (with PATHEXT's extensions on Windows). */
export function isOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): boolean {
  const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter(Boolean);
  const extensions = platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  for (const dir of dirs) {
    for (const extension of extensions) {
      try {
        accessSync(path.join(dir, name + extension), platform === "win32" ? constants.F_OK : constants.X_OK);
        return true;
      } catch {
        // not here
      }
    }
  }
  return false;
}
