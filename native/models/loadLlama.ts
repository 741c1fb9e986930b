import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";

const instances = new Map<string, Promise<Llama>>();

/**
 * The process-wide node-llama-cpp instance for a GPU mode. `build: "never"`: only the prebuilt binaries
 * shipped with the app are used (no compiling, no downloads, offline). "cpu" forces CPU only; "auto" takes
 * the first prebuilt GPU backend that works here (CUDA, Vulkan, Metal) and falls back to the CPU.
 */
export function loadLlama(options: { gpu?: "auto" | "cpu" } = {}): Promise<Llama> {
  const gpu = options.gpu ?? "auto";
  let instance = instances.get(gpu);
  if (!instance) {
    instance = getLlama({ gpu: gpu === "cpu" ? false : "auto", build: "never", logLevel: LlamaLogLevel.error, progressLogs: false, skipDownload: true });
    instance.catch(() => instances.delete(gpu));
    instances.set(gpu, instance);
  }
  return instance;
}

/** The keys of the instances this process holds ("auto", "cpu", or an adopted binding's): what is loaded, for tests and diagnostics. */
export function loadedLlamaKeys(): string[] {
  return [...instances.keys()];
}

/**
 * Keeps a Llama created some other way (the sampler's locally built binding: native/sampling/loadBindingLlama.ts)
 * under `key`, once per process, so `disposeLlamas` disposes it with the others.
 */
export function adoptLlama(key: string, create: () => Promise<Llama>): Promise<Llama> {
  let instance = instances.get(key);
  if (!instance) {
    instance = create();
    instance.catch(() => instances.delete(key));
    instances.set(key, instance);
  }
  return instance;
}

/**
 * node-llama-cpp (3.x) builds a LlamaModel before llama.cpp loads the file, and when the load fails or is
 * cancelled it never disposes it: the model's hold on its Llama is let go only when the garbage collector
 * finalises it. Llama.dispose waits for that hold, so after a failed load it can wait for a collection that never
 * comes (seen: core shutdown hanging for minutes after a refused architecture). Loaders report failed loads here.
 */
let hasFailedLoad = false;
/** How long shutdown waits for a Llama whose failed load may never be finalised; its memory goes with the process. */
const FAILED_LOAD_DISPOSE_WAIT_MS = 2000;

export function noteFailedModelLoad(): void {
  hasFailedLoad = true;
}

/** Disposes every instance created by `loadLlama` (core shutdown, test teardown). */
export async function disposeLlamas(): Promise<void> {
  const all = [...instances.values()];
  instances.clear();
  for (const instance of all) {
    const llama = await instance.catch(() => null);
    if (!llama) continue;
    if (!hasFailedLoad) {
      await llama.dispose();
      continue;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([llama.dispose(), new Promise<void>((resolve) => (timer = setTimeout(resolve, FAILED_LOAD_DISPOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }
}
