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

/** Disposes every instance created by `loadLlama` (core shutdown, test teardown). */
export async function disposeLlamas(): Promise<void> {
  const all = [...instances.values()];
  instances.clear();
  for (const instance of all) await (await instance.catch(() => null))?.dispose();
}
