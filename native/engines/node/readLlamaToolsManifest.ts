import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LlamaToolsManifest } from "../../api/enginesApi.js";
import { llamaToolNames } from "../common/llamaToolNames.js";

/** The manifest's file name inside the tools dir. */
export const manifestFileName = "tracetune-llama-tools.json";

/** The manifest of a tracetune build in `dir`, or null when there is none or it cannot be read (then it is rebuilt). */
export async function readLlamaToolsManifest(dir: string): Promise<LlamaToolsManifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, manifestFileName), "utf8")) as LlamaToolsManifest;
    return manifest && typeof manifest.tag === "string" && manifest.binaries && typeof manifest.binaries === "object" ? manifest : null;
  } catch {
    return null;
  }
}

/** True when `manifest` is a build of `tag` holding every tool, and each binary is still in `dir`. */
export function isManifestComplete(manifest: LlamaToolsManifest | null, dir: string, tag: string): manifest is LlamaToolsManifest {
  if (!manifest || manifest.tag !== tag) return false;
  return llamaToolNames.every((name) => typeof manifest.binaries[name] === "string" && existsSync(path.join(dir, manifest.binaries[name])));
}
