import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TracetuneError } from "../common/TracetuneError.js";

/**
 * Where the prompt templates and exemplars are: TRACETUNE_RESOURCES_DIR, then Electron's packaged resources
 * folder, then the repository's resources/ (the source tree native/repair and the bundles out/<x> both sit
 * two levels below the root), as for the demo task set.
 */
export function resolvePromptsDir(options: { env?: NodeJS.ProcessEnv } = {}): string {
  const { env = process.env } = options;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    env.TRACETUNE_RESOURCES_DIR && path.join(env.TRACETUNE_RESOURCES_DIR, "prompts"),
    resourcesPath && path.join(resourcesPath, "prompts"),
    path.resolve(here, "..", "..", "resources", "prompts"),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(path.join(candidate, "exemplars.jsonl")));
  if (!found) throw new TracetuneError("missing_resource", `The prompt templates are missing; looked in ${candidates.join(", ")}.`, { candidates });
  return found;
}
