import type { SampleRequest, SampleResult } from "../sampling/SamplingBackend.js";
import type { EngineTarget } from "./enginesApi.js";

export type { ChatMessage, SampleCompletion, SampleRequest, SampleResult } from "../sampling/SamplingBackend.js";

/**
 * What a `.gguf` file is. Only "model" files are offered for loading: "part" is a non-first part of a
 * multi-part model, "projector" a multimodal projector (mmproj), "adapter" a LoRA adapter.
 */
export type ModelFileKind = "model" | "part" | "projector" | "adapter";

/** Everything read from a GGUF file's header, before loading it. */
export interface ModelInfo {
  path: string;
  fileName: string;
  sizeBytes: number;
  kind: ModelFileKind;
  /** For multi-part models: this file's part number (1-based) and the number of parts; else null. */
  part: { index: number; count: number } | null;
  /** `general.architecture`, e.g. "llama", "qwen2". */
  architecture: string;
  /** `general.name`, or null when the file has none. */
  name: string | null;
  parameterCount: number;
  /** The file type (e.g. "Q4_0", "MOSTLY_Q4_K_M"), or the dominant tensor type when the file does not say. */
  quantization: string | null;
  /** `<arch>.context_length`: the context the model was trained with. */
  trainedContextLength: number | null;
  layerCount: number;
  embeddingLength: number | null;
  chatTemplate: {
    /** "file": `tokenizer.chat_template` in the GGUF; "builtin": node-llama-cpp's wrapper for the architecture/name; "none". */
    source: "file" | "builtin" | "none";
    /** node-llama-cpp's chat wrapper used to render chat prompts, e.g. "ChatML", "Llama 3". */
    wrapper: string | null;
    template: string | null;
  };
  /** Whether the bundled llama.cpp can run this architecture. */
  isSupported: boolean;
}

export interface CatalogEntry extends ModelInfo {
  /** The watched folder it was found in. */
  folder: string;
  scannedAt: string;
}

export interface BrokenModelFile {
  path: string;
  code: string;
  message: string;
}

/** A `.gguf` file that does not read yet and was written to in the last few seconds: most likely still being copied. */
export interface CopyingModelFile {
  path: string;
  /** Bytes so far. */
  sizeBytes: number;
  modifiedAt: string;
}

export interface ScanResult {
  folder: string;
  /** Every readable `.gguf` found at any depth (including parts, projectors and adapters, labelled). */
  models: ModelInfo[];
  /** Files ending in `.gguf` that could not be read, by name, with the reason (files still being written are in `copying`). */
  broken: BrokenModelFile[];
  /**
   * Files that do not read yet but were modified within the last 5 s: shown as copying, not broken. A watched
   * folder is scanned again once they have been quiet that long.
   */
  copying: CopyingModelFile[];
}

/** Bytes of RAM/VRAM a model needs with a given context configuration (node-llama-cpp's GGUF insights). */
export interface MemoryEstimate {
  /** The context size the estimate is for: the one the loader would use (the request, lowered to the trained length). */
  contextSize: number;
  /** The context size asked for (default 4096, as the loader's). */
  requestedContextSize: number;
  /** `<arch>.context_length` of the file, or null. */
  trainedContextLength: number | null;
  /** What the caller should see, e.g. that the context was lowered to the trained length. Empty when none. */
  warnings: string[];
  gpuLayers: number;
  sequences: number;
  model: { ram: number; vram: number };
  context: { ram: number; vram: number };
  total: { ram: number; vram: number };
  /** KV cache of one sequence of `contextSize` tokens (K and V, all layers, f16). */
  kvCachePerSequenceBytes: number;
}

export type GpuBackend = "cuda" | "vulkan" | "metal";

export interface GpuInfo {
  /** The backend node-llama-cpp picked with gpu "auto"; null when running on the CPU. */
  backend: GpuBackend | null;
  /** Backends whose prebuilt binaries exist and work on this machine. */
  available: GpuBackend[];
  deviceNames: string[];
  vram: { total: number; free: number } | null;
  /** Default thread count for evaluation (physical cores; node-llama-cpp's own default oversubscribes). */
  physicalCores: number;
}

export interface LoadModelOptions {
  path: string;
  /** "auto" uses the GPU node-llama-cpp finds; "cpu" forces CPU only. Default: "auto". */
  gpu?: "auto" | "cpu";
  /** Layers to offload; "auto" lets node-llama-cpp fit what memory allows. Default: "auto" (0 on CPU). */
  gpuLayers?: "auto" | number;
  /** Maximum tokens per sequence (prompt + completion). Default: 4096, capped at the trained length. */
  contextSize?: number;
  /** Sequences decoded in lockstep per wave. Default: 8. */
  parallelSequences?: number;
  /**
   * Evaluation threads, or "auto": chosen by measurement at load (1 vs the physical cores, decoding a few tokens
   * each; see `threadChoice`), since on a busy machine fewer threads can be many times faster. Default: "auto"
   * on CPU, the physical cores with a GPU. On tracetune's binding the barrier spin is measured with any count above 1,
   * set or not (`threadChoice.spin`).
   */
  threads?: number | "auto";
  /** LoRA adapter GGUF paths applied to every context. Default: none. */
  loraAdapters?: string[];
}

/**
 * How the CPU threads of one decode wait for each other at the graph's barriers (tracetune's binding, docs/engines.md):
 * "full" spins like llama.cpp's own tools (fastest on free cores), "throttled" sleeps almost at once (far faster when
 * other processes take the cores).
 */
export type BarrierSpin = "full" | "throttled";

/** How the evaluation thread count was picked, and what the measurement saw (per candidate, ms per decoded token). */
export interface ThreadChoice {
  threads: number;
  /** "measured": the fastest candidate; "set": given by the user; "gpu": layers on a GPU (the physical cores); "only_choice": one candidate. */
  reason: "measured" | "set" | "gpu" | "only_choice";
  /**
   * The barrier spin chosen with the threads, where it can be chosen (tracetune's binding with its decode thread,
   * more than one thread; measured like the threads, also when the user set the thread count); absent elsewhere.
   */
  spin?: BarrierSpin;
  /** Infinity (JSON null) for a candidate abandoned as too slow; `spin` where the candidate set one. */
  measurements: Array<{ threads: number; spin?: BarrierSpin; msPerToken: number | null }>;
}

export interface LoadedModel {
  path: string;
  /** The watched folder holding the file, else its directory: two files with the same model name differ here and in `info.fileName`. */
  folder: string;
  info: ModelInfo;
  backend: GpuBackend | "cpu";
  gpuLayers: number;
  contextSize: number;
  parallelSequences: number;
  threads: number;
  /** Why `threads` is what it is (measured at load unless set). */
  threadChoice: ThreadChoice;
  loraAdapters: string[];
  loadedAt: string;
  /** Set when the requested context size was above the trained length and was lowered to it (`contextSize`). */
  contextClamp: { requested: number; trainedContextLength: number } | null;
  /** What the user should be told about this load (e.g. the lowered context), as sentences. Empty when none. */
  warnings: string[];
}

export interface ModelsApi {
  /** The watched folders. */
  listModelFolders(args?: Record<string, never>): Promise<string[]>;
  /** Adds a folder to watch (must exist; throws `invalid_input` naming it) and scans it. */
  addModelFolder(args: { folder: string }): Promise<ScanResult>;
  /**
   * Stops watching a folder and drops its catalog entries; files are never touched. While the core runs behind
   * the app or the web host, watched folders are watched: added, removed and finished-copying `.gguf` files
   * update the catalog without a rescan (debounced), announced by a `models` event.
   */
  removeModelFolder(args: { folder: string }): Promise<string[]>;
  /** Rescans watched folders (or `folder` alone, without adding it) at any depth; the catalog keeps what was found in place. */
  scanModels(args?: { folder?: string }): Promise<ScanResult[]>;
  /** The catalog: every registered file from the last scans. */
  listModels(args?: Record<string, never>): Promise<CatalogEntry[]>;
  /** Reads one file's header. Throws `invalid_gguf` naming the file when it is broken, truncated or not GGUF. */
  getModelInfo(args: { path: string }): Promise<ModelInfo>;
  /**
   * RAM/VRAM estimate for a context configuration. Defaults: contextSize 4096, gpuLayers 0, sequences 1. The
   * context size is resolved as `loadModel` resolves it (lowered to the trained length, with a warning), so the
   * estimate is for what a load with the same `contextSize` allocates.
   */
  estimateModelMemory(args: { path: string; contextSize?: number; gpuLayers?: number; sequences?: number }): Promise<MemoryEstimate>;
  /** What GPU support node-llama-cpp finds here. */
  getGpuInfo(args?: Record<string, never>): Promise<GpuInfo>;
  /**
   * Loads a model as a job ("models.load", progress 0–100); the job's result is the LoadedModel. The model loaded
   * now stays loaded, and in use, until the new one has loaded; a load that fails leaves it as it was. The model
   * file and each LoRA adapter are checked before the job starts, so a missing or wrong one fails the call itself,
   * naming it (`invalid_input` with `field` "path" or "loraAdapters" and `index`).
   */
  loadModel(args: LoadModelOptions): Promise<{ jobId: string }>;
  /** Unloads the loaded model; no-op when none is. */
  unloadModel(args?: Record<string, never>): Promise<{ isUnloaded: boolean }>;
  getLoadedModel(args?: Record<string, never>): Promise<LoadedModel | null>;
  /**
   * Draws k completions from the loaded model, or from a serving engine when `engine` is given (then no
   * model needs to be loaded; completion i uses seed + i there too), as a job ("models.sample", progress =
   * generated tokens); token deltas stream as throttled `sample` events; `cancelJob` stops it and the result
   * keeps what was generated. Throws `no_model_loaded`, `invalid_input` naming the field, and for an engine
   * `engine_host_not_allowed` or `engine_unreachable` (see `resolveEngine`).
   */
  sample(args: { request: SampleRequest; engine?: EngineTarget }): Promise<{ jobId: string }>;
}

/** Result of a finished "models.sample" job (`getJob(...).result`). */
export type SampleJobResult = SampleResult;

export const modelsMethods = {
  listModelFolders: true,
  addModelFolder: true,
  removeModelFolder: true,
  scanModels: true,
  listModels: true,
  getModelInfo: true,
  estimateModelMemory: true,
  getGpuInfo: true,
  loadModel: true,
  unloadModel: true,
  getLoadedModel: true,
  sample: true,
} as const satisfies Record<keyof ModelsApi, true>;
