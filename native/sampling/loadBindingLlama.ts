import { createRequire } from "node:module";
import os from "node:os";
import { Llama, LlamaLogLevel } from "node-llama-cpp";
import { adoptLlama } from "../models/loadLlama.js";
import { locateLlamaBindingStatus, readInstalledNodeLlamaCpp } from "../engines/node/locateLlamaBindingStatus.js";

const require = createRequire(import.meta.url);

/** node-llama-cpp 3.21's internal factory that `getLlama` calls with a loaded binding (dist/bindings/Llama.js). */
type LlamaFactory = { _create(options: Record<string, unknown>): Promise<Llama> };

/**
 * The path of tracetune's build of node-llama-cpp's binding (native/engines/node/buildLlamaBinding.ts) when one is
 * built for the installed node-llama-cpp and this platform, else null. `TRACETUNE_LLAMA_BINDING=off` hides it
 * (A/B benchmarks, the fallback's tests).
 */
export async function locateLlamaBinding(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.TRACETUNE_LLAMA_BINDING === "off") return null;
  return (await locateLlamaBindingStatus(env)).binding;
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
