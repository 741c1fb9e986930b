import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Llama, LlamaLogLevel } from "node-llama-cpp";
import { adoptLlama } from "../models/loadLlama.js";
import { resolveLlamaBindingDir } from "../engines/node/buildLlamaBinding.js";
import { isBindingManifestCurrent, readLlamaBindingManifest } from "../engines/node/llamaBindingManifest.js";
import { readBundledLlamaRelease } from "../engines/node/readBundledLlamaRelease.js";

const require = createRequire(import.meta.url);

/** node-llama-cpp 3.21's internal factory that `getLlama` calls with a loaded binding (dist/bindings/Llama.js). */
type LlamaFactory = { _create(options: Record<string, unknown>): Promise<Llama> };

/** node-llama-cpp's installed version and bundled release: what a binding build must match. */
export function readInstalledNodeLlamaCpp(): { version: string; tag: string; repo: string } {
  const release = readBundledLlamaRelease();
  const { version } = JSON.parse(readFileSync(path.join(release.llamaDir, "..", "package.json"), "utf8")) as { version: string };
  return { version, tag: release.tag, repo: release.repo };
}

/**
 * The path of tracetune's build of node-llama-cpp's binding (native/engines/node/buildLlamaBinding.ts) when one is
 * built for the installed node-llama-cpp and this platform, else null. `TRACETUNE_LLAMA_BINDING=off` hides it
 * (A/B benchmarks, the fallback's tests).
 */
export async function locateLlamaBinding(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.TRACETUNE_LLAMA_BINDING === "off") return null;
  const installed = readInstalledNodeLlamaCpp();
  const dir = resolveLlamaBindingDir({ nodeLlamaCppVersion: installed.version, tag: installed.tag, env });
  const manifest = await readLlamaBindingManifest(dir);
  return isBindingManifestCurrent(manifest, dir, { nodeLlamaCppVersion: installed.version, tag: installed.tag }) ? path.join(dir, manifest.binding) : null;
}

/**
 * A node-llama-cpp `Llama` on tracetune's binding (CPU only), created the way `getLlama` creates one from a
 * local build, once per process; `disposeLlamas` disposes it with the others. The binding is node-llama-cpp
 * 3.21.1's own addon built from its own sources plus one method, so the JS API on top is unchanged.
 */
export function loadBindingLlama(bindingPath: string): Promise<Llama> {
  return adoptLlama(`binding:${bindingPath}`, async () => {
    const installed = readInstalledNodeLlamaCpp();
    const bindings = require(bindingPath) as unknown;
    return (Llama as unknown as LlamaFactory)._create({
      bindings, bindingPath, buildType: "localBuild",
      buildMetadata: {
        buildOptions: {
          customCmakeOptions: {}, progressLogs: false, platform: process.platform, arch: process.arch, gpu: false,
          platformInfo: { name: os.type(), version: os.release() }, llamaCpp: { repo: installed.repo, release: installed.tag },
        },
      },
      logLevel: LlamaLogLevel.error, logger: Llama.defaultConsoleLogger,
      // getLlama's defaults on Linux (dist/bindings/getLlama.js): no VRAM, a quarter of RAM up to 1 GiB kept free.
      vramPadding: 0, ramPadding: (total: number) => Math.floor(Math.min(total * 0.25, 1024 ** 3)),
      skipLlamaInit: false, debug: false, numa: false, tempDir: false,
    });
  });
}
