import { byteLevelVocabulary, CHATML_TEMPLATE } from "./byteLevelVocabulary.js";
import { constantF32, randomTensorData, SeededStream } from "./randomTensorData.js";
import { tensorByteSize, writeGgufFile, type GgmlTypeName, type GgufTensor, type GgufValue } from "./writeGgufFile.js";

export interface LlamaSpec {
  name: string;
  embedding: number;
  layers: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  contextLength: number;
  /** Type of the 2-D weight matrices; norms stay F32 as llama.cpp expects. */
  weightType: GgmlTypeName;
  seed: number;
  /** Embed a ChatML chat template. */
  hasChatTemplate: boolean;
  /**
   * Pad the vocabulary to this many tokens (byte-level strings no merge produces), so sampling and
   * detokenising cost what they cost with a real 32k-150k vocabulary. Default: the bare byte-level vocabulary.
   */
  vocabSize?: number;
  /**
   * Deviation of the output logits (default 3: peaked enough that temperature matters). A small value gives the
   * near-uniform next-token distribution of a freshly initialised model, which training then has to shape.
   */
  outputScale?: number;
}

/** llama.cpp `llama_ftype` of a file whose matrices are all `type`. */
const fileTypeOf: Record<GgmlTypeName, number> = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 7 };

/**
 * Writes a llama-architecture GGUF with random weights and a byte-level BPE vocabulary. Weights are scaled
 * ~1/sqrt(fan-in) so activations stay bounded; the output matrix is 3× larger (or `outputScale`) so sampling
 * is peaked enough that temperature matters.
 */
export async function generateLlamaGguf(options: { file: string; spec: LlamaSpec }): Promise<void> {
  const { file, spec } = options;
  const vocab = byteLevelVocabulary({ size: spec.vocabSize });
  const nVocab = vocab.tokens.length;
  const headDim = spec.embedding / spec.heads;
  const kvDim = headDim * spec.kvHeads;
  const stream = new SeededStream(spec.seed);
  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: spec.name },
    "general.file_type": u32(fileTypeOf[spec.weightType]),
    "general.quantization_version": u32(2),
    "llama.context_length": u32(spec.contextLength),
    "llama.embedding_length": u32(spec.embedding),
    "llama.block_count": u32(spec.layers),
    "llama.feed_forward_length": u32(spec.feedForward),
    "llama.attention.head_count": u32(spec.heads),
    "llama.attention.head_count_kv": u32(spec.kvHeads),
    "llama.rope.dimension_count": u32(headDim),
    "llama.rope.freq_base": { type: "f32", value: 10000 },
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: 1e-5 },
    "llama.vocab_size": u32(nVocab),
    "tokenizer.ggml.model": { type: "string", value: "gpt2" },
    "tokenizer.ggml.pre": { type: "string", value: "default" },
    "tokenizer.ggml.tokens": { type: "array", itemType: "string", value: vocab.tokens },
    "tokenizer.ggml.token_type": { type: "array", itemType: "i32", value: vocab.tokenTypes },
    "tokenizer.ggml.merges": { type: "array", itemType: "string", value: vocab.merges },
    "tokenizer.ggml.bos_token_id": u32(vocab.bosId),
    "tokenizer.ggml.eos_token_id": u32(vocab.eosId),
    "tokenizer.ggml.add_bos_token": { type: "bool", value: false },
  };
  if (spec.hasChatTemplate) metadata["tokenizer.chat_template"] = { type: "string", value: CHATML_TEMPLATE };

  const matrix = (name: string, rowLength: number, rows: number, scale = 1): GgufTensor => ({
    name,
    dims: [rowLength, rows],
    type: spec.weightType,
    data: () => randomTensorData({ elements: rowLength * rows, type: spec.weightType, std: scale / Math.sqrt(rowLength), stream }),
  });
  const norm = (name: string): GgufTensor => ({ name, dims: [spec.embedding], type: "F32", data: () => constantF32(spec.embedding, 1) });

  // Embeddings are looked up, not multiplied: unit deviation per element.
  const tensors: GgufTensor[] = [{ ...matrix("token_embd.weight", spec.embedding, nVocab), data: () => randomTensorData({ elements: spec.embedding * nVocab, type: spec.weightType, std: 1, stream }) }];
  for (let layer = 0; layer < spec.layers; layer++) {
    const blk = `blk.${layer}`;
    tensors.push(
      norm(`${blk}.attn_norm.weight`),
      matrix(`${blk}.attn_q.weight`, spec.embedding, spec.embedding),
      matrix(`${blk}.attn_k.weight`, spec.embedding, kvDim),
      matrix(`${blk}.attn_v.weight`, spec.embedding, kvDim),
      matrix(`${blk}.attn_output.weight`, spec.embedding, spec.embedding),
      norm(`${blk}.ffn_norm.weight`),
      matrix(`${blk}.ffn_gate.weight`, spec.embedding, spec.feedForward),
      matrix(`${blk}.ffn_up.weight`, spec.embedding, spec.feedForward),
      matrix(`${blk}.ffn_down.weight`, spec.feedForward, spec.embedding),
    );
  }
  // Control tokens get zero output rows (logit 0 against random logits of std 3), so the random model almost
  // never ends or opens a turn by itself; grammars and stop strings end completions deterministically in tests.
  const output = matrix("output.weight", spec.embedding, nVocab, spec.outputScale ?? 3);
  const firstControl = vocab.tokenTypes.indexOf(3);
  const rowBytes = tensorByteSize({ dims: [spec.embedding, 1], type: spec.weightType });
  tensors.push(norm("output_norm.weight"), { ...output, data: () => output.data().fill(0, firstControl * rowBytes) });
  await writeGgufFile({ file, metadata, tensors });
}
