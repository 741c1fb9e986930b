import { readFileSync } from "node:fs";
import path from "node:path";
import type { LlamaBindingStatus } from "../../api/enginesApi.js";
import { resolveLlamaBindingDir } from "./buildLlamaBinding.js";
import { isBindingManifestCurrent, readLlamaBindingManifest } from "./llamaBindingManifest.js";
import { readBundledLlamaRelease } from "./readBundledLlamaRelease.js";

/** node-llama-cpp's installed version and bundled release: what a binding build must match. */
export function readInstalledNodeLlamaCpp(): { version: string; tag: string; repo: string } {
  const release = readBundledLlamaRelease();
  const { version } = JSON.parse(readFileSync(path.join(release.llamaDir, "..", "package.json"), "utf8")) as { version: string };
  return { version, tag: release.tag, repo: release.repo };
}

/** Where tracetune's build of node-llama-cpp's binding is, and whether it fits the installed node-llama-cpp. */
export async function locateLlamaBindingStatus(env: NodeJS.ProcessEnv = process.env): Promise<LlamaBindingStatus> {
  const installed = readInstalledNodeLlamaCpp();
  const dir = resolveLlamaBindingDir({ nodeLlamaCppVersion: installed.version, tag: installed.tag, env });
  const manifest = await readLlamaBindingManifest(dir);
  const isReady = isBindingManifestCurrent(manifest, dir, { nodeLlamaCppVersion: installed.version, tag: installed.tag });
  return {
    nodeLlamaCppVersion: installed.version, tag: installed.tag, dir, isReady,
    binding: isReady ? path.join(dir, manifest.binding) : null,
    builtAt: isReady ? manifest.builtAt : null, buildSeconds: isReady ? manifest.buildSeconds : null,
  };
}
