/**
 * A GPT-2 style byte-level BPE vocabulary: the 256 byte symbols (so every text tokenizes), a few merges of
 * common English pairs (so the merge path runs too), and ChatML control tokens.
 */
export interface ByteLevelVocabulary {
  tokens: string[];
  tokenTypes: number[];
  merges: string[];
  bosId: number;
  eosId: number;
  imStartId: number;
}

const MERGE_PAIRS = ["Ġ t", "h e", "i n", "e r", "a n", "r e", "o n", "Ġ a", "e n", "a t", "o r", "e s", "Ġ s", "Ġ w", "Ġt he", "i s"];
const TOKEN_NORMAL = 1;
const TOKEN_CONTROL = 3;

/** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to code points from 256 up. */
export function byteToSymbol(): string[] {
  const symbols: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const isPrintable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    symbols[b] = String.fromCodePoint(isPrintable ? b : next++);
  }
  return symbols;
}

export function byteLevelVocabulary(options: { size?: number } = {}): ByteLevelVocabulary {
  const symbols = byteToSymbol();
  const tokens = [...symbols];
  const tokenTypes = tokens.map(() => TOKEN_NORMAL);
  for (const pair of MERGE_PAIRS) {
    tokens.push(pair.replace(" ", ""));
    tokenTypes.push(TOKEN_NORMAL);
  }
  // Padding: three-symbol strings (unique, never produced by a merge, so tokenisation is unchanged).
  const padTo = (options.size ?? 0) - 3;
  const seen = new Set(tokens);
  for (let n = 0; tokens.length < padTo; n++) {
    const text = symbols[n % 256] + symbols[Math.floor(n / 256) % 256] + symbols[Math.floor(n / 65536) % 256];
    if (seen.has(text)) continue;
    seen.add(text);
    tokens.push(text);
    tokenTypes.push(TOKEN_NORMAL);
  }
  const addControl = (text: string) => {
    tokens.push(text);
    tokenTypes.push(TOKEN_CONTROL);
    return tokens.length - 1;
  };
  const bosId = addControl("<|endoftext|>");
  const imStartId = addControl("<|im_start|>");
  const eosId = addControl("<|im_end|>");
  return { tokens, tokenTypes, merges: MERGE_PAIRS, bosId, eosId, imStartId };
}

/** The ChatML template as Hugging Face tokenizers store it; node-llama-cpp recognises it as ChatML. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
