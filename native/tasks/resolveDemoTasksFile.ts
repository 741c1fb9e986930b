import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TracetuneError } from "../common/TracetuneError.js";

/**
 * Where the shipped demo task set is: TRACETUNE_RESOURCES_DIR, then Electron's packaged resources folder,
 * then the repository's resources/ (both the source tree native/tasks and the bundles out/<x> sit two
 * levels below the root).
 */
export function resolveDemoTasksFile(options: { env?: NodeJS.ProcessEnv } = {}): string {
  const { env = process.env } = options;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    env.TRACETUNE_RESOURCES_DIR && path.join(env.TRACETUNE_RESOURCES_DIR, "demo-tasks", "demo-tasks.jsonl"),
    resourcesPath && path.join(resourcesPath, "demo-tasks", "demo-tasks.jsonl"),
    path.resolve(here, "..", "..", "resources", "demo-tasks", "demo-tasks.jsonl"),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new TracetuneError("missing_resource", `The demo task set is missing; looked in ${candidates.join(", ")}.`, { candidates });
  return found;
}
