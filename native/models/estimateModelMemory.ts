import { GgufInsights, type GgufFileInfo, type Llama } from "node-llama-cpp";
import type { MemoryEstimate } from "../api/modelsApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { DEFAULT_CONTEXT_SIZE, describeContextClamp, resolveContextSize } from "./resolveContextSize.js";

/**
 * RAM/VRAM needed to load a model and create a context, from node-llama-cpp's GGUF insights (the same
 * estimator it uses to pick "auto" GPU layers). The KV cache per sequence is computed from the header:
 * layers × contextSize × (K + V width) × 2 bytes, since contexts keep the cache in f16 by default.
 */
export async function estimateModelMemory(options: {
  fileInfo: GgufFileInfo;
  llama: Llama;
  /** Tokens per sequence, lowered to the trained length as the loader does (with a warning). Default: 4096. */
  contextSize?: number;
  /** Layers offloaded to the GPU. Default: 0. */
  gpuLayers?: number;
  /** Parallel sequences. Default: 1. */
  sequences?: number;
}): Promise<MemoryEstimate> {
  const { fileInfo, llama, contextSize: requestedContextSize = DEFAULT_CONTEXT_SIZE, gpuLayers = 0, sequences = 1 } = options;
  for (const [field, value] of Object.entries({ contextSize: requestedContextSize, sequences })) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(`Field "${field}" must be a positive integer, got ${value}.`, { field });
  }
  if (!Number.isInteger(gpuLayers) || gpuLayers < 0) throw new InvalidInputError(`Field "gpuLayers" must be a non-negative integer, got ${gpuLayers}.`, { field: "gpuLayers" });
  // Resolved as the loader resolves it, so the estimate is for the context a load would allocate.
  const trainedContextLength = trainedContextLengthOf(fileInfo);
  const { contextSize, clamp } = resolveContextSize({ requested: requestedContextSize, trainedContextLength });
  const insights = await GgufInsights.from(fileInfo, llama);
  const layers = Math.min(gpuLayers, insights.totalLayers);
  const model = insights.estimateModelResourceRequirements({ gpuLayers: layers });
  const context = insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: layers, sequences });
  return {
    contextSize,
    requestedContextSize,
    trainedContextLength,
    warnings: clamp ? [`${describeContextClamp(clamp)} This estimate is for ${clamp.trainedContextLength}.`] : [],
    gpuLayers: layers,
    sequences,
    model: { ram: model.cpuRam, vram: model.gpuVram },
    context: { ram: Math.round(context.cpuRam), vram: Math.round(context.gpuVram) },
    total: { ram: Math.round(model.cpuRam + context.cpuRam), vram: Math.round(model.gpuVram + context.gpuVram) },
    kvCachePerSequenceBytes: kvCacheBytesPerSequence(fileInfo, contextSize),
  };
}

function trainedContextLengthOf(fileInfo: GgufFileInfo): number | null {
  const metadata = fileInfo.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const value = metadata[String(metadata.general?.architecture ?? "")]?.context_length;
  return typeof value === "number" && value > 0 ? value : null;
}

export function kvCacheBytesPerSequence(fileInfo: GgufFileInfo, contextSize: number): number {
  const metadata = fileInfo.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const architecture = String(metadata.general?.architecture ?? "");
  const arch = (metadata[architecture] ?? {}) as Record<string, unknown>;
  const attention = (arch.attention ?? {}) as Record<string, unknown>;
  const layers = Number(arch.block_count ?? 0);
  const embedding = Number(arch.embedding_length ?? 0);
  const heads = Number(attention.head_count ?? 0);
  const kvHeads = Number(attention.head_count_kv ?? heads);
  if (!layers || !embedding || !heads) return 0;
  const keyLength = Number(attention.key_length ?? embedding / heads);
  const valueLength = Number(attention.value_length ?? embedding / heads);
  return layers * contextSize * kvHeads * (keyLength + valueLength) * 2;
}
