import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { addonPatchId } from "../common/patchLlamaAddon.js";

/** What `<dir>/tracetune-llama-binding.json` records about a build of node-llama-cpp's binding (buildLlamaBinding). */
export interface LlamaBindingManifest {
  /** The node-llama-cpp version whose addon sources were built; a binding only fits that version's JS. */
  nodeLlamaCppVersion: string;
  /** The bundled llama.cpp release tag and its commit. */
  tag: string;
  commit: string | null;
  /** `addonPatchId` of the patch applied (patchLlamaAddon.ts). */
  patchId: string;
  /** The `.node` file, relative to the dir. */
  binding: string;
  /** `${process.platform}-${process.arch}`. */
  platform: string;
  cmakeFlags: string[];
  builtAt: string;
  buildSeconds: number;
}

export const bindingManifestFileName = "tracetune-llama-binding.json";

export async function readLlamaBindingManifest(dir: string): Promise<LlamaBindingManifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, bindingManifestFileName), "utf8")) as LlamaBindingManifest;
    return manifest && typeof manifest.binding === "string" && typeof manifest.nodeLlamaCppVersion === "string" ? manifest : null;
  } catch {
    return null;
  }
}

/** True when `manifest` is a build for this node-llama-cpp version, release, patch and platform, and its file is there. */
export function isBindingManifestCurrent(manifest: LlamaBindingManifest | null, dir: string, expected: { nodeLlamaCppVersion: string; tag: string }): manifest is LlamaBindingManifest {
  return manifest !== null && manifest.nodeLlamaCppVersion === expected.nodeLlamaCppVersion && manifest.tag === expected.tag &&
    manifest.patchId === addonPatchId && manifest.platform === `${process.platform}-${process.arch}` && existsSync(path.join(dir, manifest.binding));
}
