/**
 * UTF-8 bytes per token assumed when no model tokenizer is loaded. Measured on inline renderings of real
 * traces with the Qwen2.5-Coder / Qwen3 BPE tokenizer (docs/trace-format.md, docs/benchmarks.md): median
 * 2.9 characters a token on HumanEvalPack and 2.5 on MBPP (digits are one token each, and traces are full of
 * them); we use 2.5 so that "fits by the estimate" rarely overshoots a real budget.
 */
export const ESTIMATE_CHARS_PER_TOKEN = 2.5;

/**
 * The documented token estimate used when no tokenizer is available: UTF-8 bytes / 2.5 (bytes, not UTF-16
 * units, because non-ASCII text costs BPE tokenizers about a token per byte pair).
 */
export function estimateTokens(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return Math.ceil(bytes / ESTIMATE_CHARS_PER_TOKEN);
}
