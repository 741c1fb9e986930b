import path from "node:path";
import type { LlamaToolName, LlamaToolsStatus } from "../../api/enginesApi.js";
import { llamaToolNames } from "../common/llamaToolNames.js";
import { describeVersionMismatch } from "../common/parseLlamaVersion.js";
import { findLlamaToolBinary } from "./findLlamaToolBinary.js";
import { isManifestComplete, readLlamaToolsManifest } from "./readLlamaToolsManifest.js";
import { readLlamaToolVersion } from "./readLlamaToolVersion.js";
import { resolveLlamaToolsDir } from "./resolveLlamaToolsDir.js";

/**
 * Where llama.cpp's tools are: the user's own build when Settings name one (`ownBuildDir`), checked by
 * running its `llama-server --version` against the bundled tag (a mismatch is a warning, not a refusal:
 * the user chose it); else tracetune's build in the cache dir, trusted by its manifest.
 */
export async function locateLlamaTools(options: { tag: string; ownBuildDir?: string | null; env?: NodeJS.ProcessEnv }): Promise<LlamaToolsStatus> {
  const { tag, ownBuildDir, env = process.env } = options;
  if (ownBuildDir) return locateOwnBuild(path.resolve(ownBuildDir), tag);
  const { dir, source } = resolveLlamaToolsDir({ tag, env });
  const manifest = await readLlamaToolsManifest(dir);
  const isReady = isManifestComplete(manifest, dir, tag);
  const binaries = Object.fromEntries(
    llamaToolNames.map((name) => [name, isReady ? path.join(dir, manifest.binaries[name]) : null]),
  ) as Record<LlamaToolName, string | null>;
  const warning = manifest && manifest.tag !== tag ? `the tools in ${dir} were built from ${manifest.tag}, not ${tag}; rebuild them with \`tracetune engines build\`` : null;
  return { tag, source, dir, isReady, binaries, manifest: isReady ? manifest : null, version: isReady ? manifest.version : null, warning };
}

async function locateOwnBuild(dir: string, tag: string): Promise<LlamaToolsStatus> {
  const binaries = Object.fromEntries(llamaToolNames.map((name) => [name, findLlamaToolBinary(dir, name)])) as Record<LlamaToolName, string | null>;
  const missing = llamaToolNames.filter((name) => binaries[name] === null);
  const server = binaries["llama-server"];
  const version = server ? await readLlamaToolVersion(server) : null;
  const warnings: string[] = [];
  if (missing.length > 0) warnings.push(`your llama.cpp build at ${dir} lacks ${missing.join(", ")}`);
  if (server) {
    const mismatch = describeVersionMismatch(version, tag);
    if (mismatch) warnings.push(`your llama.cpp build at ${dir}: ${mismatch}`);
  }
  return {
    tag, source: "setting", dir, isReady: missing.length === 0, binaries, manifest: null,
    version: version?.line ?? null, warning: warnings.length > 0 ? warnings.join("; ") : null,
  };
}
