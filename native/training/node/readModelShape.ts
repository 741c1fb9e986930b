import type { GgufFileInfo } from "node-llama-cpp";
import type { ModelInfo } from "../../api/modelsApi.js";
import type { ModelShape } from "../common/estimateTraining.js";

/** The sizes the training estimate needs, from a GGUF header (readModelInfo). */
export function readModelShape(info: ModelInfo, fileInfo: GgufFileInfo): ModelShape {
  const metadata = fileInfo.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const arch = metadata[info.architecture] ?? {};
  const attention = (arch.attention ?? {}) as Record<string, unknown>;
  const tensors = fileInfo.fullTensorInfo ?? fileInfo.tensorInfo ?? [];
  const embeddingTensor = tensors.find((tensor) => tensor.name === "token_embd.weight");
  const embedding = info.embeddingLength ?? (embeddingTensor ? Number(embeddingTensor.dimensions[0]) : 0);
  return {
    parameterCount: info.parameterCount,
    vocabularySize: embeddingTensor ? Number(embeddingTensor.dimensions[1]) : 32000,
    layers: info.layerCount,
    embedding,
    feedForward: typeof arch.feed_forward_length === "number" ? arch.feed_forward_length : embedding * 4,
    heads: typeof attention.head_count === "number" ? attention.head_count : 1,
  };
}

/** True when every weight matrix is F32 (norms are F32 in every model), which upstream llama-finetune requires. */
export function isF32Model(fileInfo: GgufFileInfo): boolean {
  const tensors = fileInfo.fullTensorInfo ?? fileInfo.tensorInfo ?? [];
  return tensors.length > 0 && tensors.every((tensor) => tensor.ggmlType === 0);
}
