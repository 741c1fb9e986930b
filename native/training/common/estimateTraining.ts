import type { TrainingEstimate } from "../../api/trainingApi.js";

/** F32 weights, their gradients and AdamW's two moments: 4 + 4 + 8 bytes per trained parameter. */
export const bytesPerTrainedParameter = 16;
/** The process's fixed cost (binary, ggml buffers, tokenizer), measured at ~15 MB for the tiny model; doubled as margin. */
const BASE_BYTES = 32 * 2 ** 20;
/**
 * F32 training throughput per CPU thread. An assumption rather than a measurement of big models: the tiny
 * test model (0.1M parameters, overhead-bound) ran ~4 GFLOP/s per thread here; AVX2 matrix code on real
 * models runs several times faster. The live ETA from the trainer replaces this estimate once it starts.
 */
const FLOPS_PER_THREAD = 10e9;
/** Memory above this share of the machine's total is refused (the OS and the app need the rest). */
const MEMORY_SHARE = 0.9;

export interface ModelShape {
  parameterCount: number;
  vocabularySize: number;
  layers: number;
  embedding: number;
  feedForward: number;
  heads: number;
}

export interface EstimateTrainingOptions {
  shape: ModelShape;
  trainer: "llama-finetune" | "lora";
  corpusTokens: number;
  contextSize: number;
  epochs: number;
  threads: number;
  machineMemoryBytes: number;
  /** LoRA only: rank and how many of the per-layer matrices carry an adapter. */
  lora?: { rank: number; matricesPerLayer: number };
  notes?: string[];
}

/**
 * Memory and time for one training run. Memory: 16 bytes per trained parameter (F32 weights, gradient,
 * AdamW m and v; a LoRA trainer keeps the base weights at 4 bytes and trains only the adapter), activations
 * and their gradients per token of the window (logits over the vocabulary and each layer's attention and
 * feed-forward intermediates), the attention scores of one window, and a fixed base. Calibrated on the tiny
 * test model (measured peak RSS 21 MB at -c 128 and 36 MB at -c 512; this formula gives 40 and 62 MB), so it
 * errs high. Time: 6 FLOPs per parameter per token (forward and backward) plus the window's attention, for
 * every window of every epoch.
 */
export function estimateTraining(options: EstimateTrainingOptions): TrainingEstimate {
  const { shape, trainer, corpusTokens, contextSize, epochs, threads, machineMemoryBytes, lora, notes = [] } = options;
  const trainedParameterCount = trainer === "lora" && lora
    ? shape.layers * lora.matricesPerLayer * lora.rank * (shape.embedding + shape.embedding)
    : shape.parameterCount;
  const weightBytes = trainer === "lora" ? shape.parameterCount * 4 + trainedParameterCount * bytesPerTrainedParameter : shape.parameterCount * bytesPerTrainedParameter;
  const perTokenBytes = 4 * (6 * shape.vocabularySize + shape.layers * (40 * shape.embedding + 12 * shape.feedForward));
  const attentionBytes = 4 * shape.layers * shape.heads * contextSize * contextSize;
  const memoryBytes = Math.round(weightBytes + contextSize * perTokenBytes + attentionBytes + BASE_BYTES);
  // llama-finetune cuts the corpus into windows of the context with a stride of half a window.
  const windowsPerEpoch = Math.max(0, Math.floor((corpusTokens - contextSize) / Math.max(1, Math.floor(contextSize / 2))) + 1);
  const tokensPerEpoch = windowsPerEpoch * contextSize;
  // 6 FLOPs per parameter per token (forward and backward), plus attention over the window: 12 per layer,
  // position and embedding dimension; on small models the second term dominates (tiny: 0.8M vs 0.7M per token).
  const flopsPerToken = 6 * shape.parameterCount + 12 * shape.layers * contextSize * shape.embedding;
  const seconds = (flopsPerToken * tokensPerEpoch * epochs) / (Math.max(1, threads) * FLOPS_PER_THREAD);
  return {
    trainer,
    parameterCount: shape.parameterCount,
    trainedParameterCount,
    corpusTokens,
    contextSize,
    windowsPerEpoch,
    epochs,
    memoryBytes,
    machineMemoryBytes,
    isTooLarge: memoryBytes > machineMemoryBytes * MEMORY_SHARE,
    seconds: Math.round(seconds * 10) / 10,
    notes,
  };
}
