import { createRequire } from "node:module";
import os from "node:os";
import { Llama, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { kvUnifiedOption, setBarrierSpinMethod } from "../engines/common/patchLlamaAddon.js";
import type { BarrierSpin } from "../api/modelsApi.js";
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

/** The native models (node-llama-cpp's `LlamaModel._model`) whose contexts get llama.cpp's unified KV cache. */
const unifiedKvModels = new WeakSet<object>();
const isWrapped = Symbol("tracetune.kvUnifiedOption");

/**
 * Every context created from now on for `model` (which must run on tracetune's binding) uses llama.cpp's unified
 * KV cache (`kv_unified`, what `llama-batched-bench -kvu` runs): one buffer for all sequences, so a prompt copy
 * tags its cells instead of copying a stream. node-llama-cpp 3.21's `createContext` has no such option and builds
 * the native options object itself, so the binding's context class adds the patched addon's option for these
 * models (see withKvUnifiedOption). The total size stays node-llama-cpp's `contextSize × sequences`: with
 * kv_unified llama.cpp makes that whole pool available to every sequence, so each can still hold `contextSize`
 * tokens whether or not the prompt is shared.
 */
export function useUnifiedKvCache(model: LlamaModel): void {
  unifiedKvModels.add((model as unknown as { _model: object })._model);
}

/**
 * Replaces the binding's `AddonContext` class with a proxy that passes `tracetuneKvUnified: true` in the options of
 * contexts whose model was marked by useUnifiedKvCache. node-llama-cpp constructs it as
 * `new bindings.AddonContext(model._model, options)` (dist/evaluator/LlamaContext/LlamaContext.js).
 */
function withKvUnifiedOption(bindings: Record<string, unknown>): void {
  const AddonContext = bindings.AddonContext as (new (...args: unknown[]) => object) & { [isWrapped]?: true };
  if (typeof AddonContext !== "function" || AddonContext[isWrapped]) return;
  bindings.AddonContext = new Proxy(AddonContext, {
    construct(target, args: unknown[]) {
      const [nativeModel, options, ...rest] = args;
      const isUnified = typeof nativeModel === "object" && nativeModel !== null && unifiedKvModels.has(nativeModel) && typeof options === "object" && options !== null;
      return Reflect.construct(target, [nativeModel, isUnified ? { ...options, [kvUnifiedOption]: true } : options, ...rest]);
    },
    get(target, key, receiver) {
      return key === isWrapped ? true : Reflect.get(target, key, receiver);
    },
  });
}

/**
 * A node-llama-cpp `Llama` on tracetune's binding (CPU only), created the way `getLlama` creates one from a
 * local build, once per process; `disposeLlamas` disposes it with the others. The binding is node-llama-cpp
 * 3.21.1's own addon built from its own sources plus a sequence copy and the unified-KV option
 * (patchLlamaAddon.ts), so the JS API on top is unchanged.
 */
export function loadBindingLlama(bindingPath: string): Promise<Llama> {
  return adoptLlama(`binding:${bindingPath}`, async () => {
    const installed = readInstalledNodeLlamaCpp();
    const bindings = require(bindingPath) as Record<string, unknown>;
    withKvUnifiedOption(bindings);
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

/**
 * Sets how the OpenMP threads of every decode in this process wait at the graph's barriers (patchLlamaAddon.ts,
 * barrierSpinSource): "full" spin (llama.cpp's tools' behaviour, fastest on free cores) or "throttled" (libgomp's
 * over-subscription mode, which sleeps at once: far faster when other processes take the cores). Process-wide, so
 * each sampler sets its own choice before it decodes. Returns the mode in effect, or null where it cannot be set:
 * node-llama-cpp's prebuilt binding, a binding built before the method, the decode thread off
 * (`TRACETUNE_LLAMA_DECODE_THREAD=off`: libuv's several pools already throttle), or no libgomp.
 */
export function setBarrierSpin(llama: Llama, mode: BarrierSpin): BarrierSpin | null {
  const bindings = (llama as unknown as { _bindings?: { AddonContext?: Record<string, unknown> } })._bindings;
  const set = bindings?.AddonContext?.[setBarrierSpinMethod];
  if (typeof set !== "function") return null;
  const result = (set as (mode: BarrierSpin) => string)(mode);
  return result === "full" || result === "throttled" ? result : null;
}
