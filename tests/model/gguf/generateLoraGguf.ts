import { randomTensorData, SeededStream } from "./randomTensorData.js";
import { writeGgufFile, type GgufTensor } from "./writeGgufFile.js";
import type { LlamaSpec } from "./generateLlamaGguf.js";

/**
 * Writes a LoRA adapter GGUF for a model of `spec`: rank-`rank` A/B pairs on every layer's attn_q and
 * attn_v, F32. llama.cpp requires lora_a as [fan-in, rank] and lora_b as [rank, fan-out] (ggml order).
 * B is non-zero (unlike a freshly initialised adapter) so attaching it visibly changes the output.
 */
export async function generateLoraGguf(options: { file: string; spec: LlamaSpec; rank?: number; alpha?: number; seed?: number }): Promise<void> {
  const { file, spec, rank = 4, alpha = 8, seed = 7 } = options;
  const stream = new SeededStream(seed);
  const kvDim = (spec.embedding / spec.heads) * spec.kvHeads;
  const tensors: GgufTensor[] = [];
  const pair = (base: string, fanIn: number, fanOut: number) => {
    tensors.push(
      { name: `${base}.lora_a`, dims: [fanIn, rank], type: "F32", data: () => randomTensorData({ elements: fanIn * rank, type: "F32", std: 1 / Math.sqrt(fanIn), stream }) },
      { name: `${base}.lora_b`, dims: [rank, fanOut], type: "F32", data: () => randomTensorData({ elements: rank * fanOut, type: "F32", std: 2 / Math.sqrt(rank), stream }) },
    );
  };
  for (let layer = 0; layer < spec.layers; layer++) {
    pair(`blk.${layer}.attn_q.weight`, spec.embedding, spec.embedding);
    pair(`blk.${layer}.attn_v.weight`, spec.embedding, kvDim);
  }
  await writeGgufFile({
    file,
    metadata: {
      "general.architecture": { type: "string", value: "llama" },
      "general.type": { type: "string", value: "adapter" },
      "general.name": { type: "string", value: `${spec.name}-lora` },
      "adapter.type": { type: "string", value: "lora" },
      "adapter.lora.alpha": { type: "f32", value: alpha },
    },
    tensors,
  });
}
