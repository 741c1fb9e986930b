/** Windows llama-finetune cuts from `tokens` with a window of `contextSize` (common_opt_dataset_init: stride half a window). */
export function countWindows(tokens: number, contextSize: number): number {
  const stride = Math.max(1, Math.floor(contextSize / 2));
  return tokens > contextSize + 1 ? Math.floor((tokens - contextSize - 1) / stride) : 0;
}

/** Fewer windows than this make a poor epoch; the default window is halved until the corpus gives this many. */
const WANTED_WINDOWS = 8;
/** Smallest window tried: below this a window no longer holds one repair row's fix. */
const MIN_WINDOW = 32;

/**
 * The training window: the one asked for, else the smaller of 512 and the model's context length, halved
 * while the corpus gives fewer than 8 windows (a short corpus would otherwise give no window at all: the
 * tool's unsigned arithmetic underflows). Returns null when even the smallest window yields fewer than 2.
 */
export function chooseContextSize(options: { corpusTokens: number; modelContextLength: number | null; requested?: number }): { contextSize: number; windows: number; note: string | null } | null {
  const { corpusTokens, modelContextLength, requested } = options;
  if (requested !== undefined) {
    const windows = countWindows(corpusTokens, requested);
    return windows >= 2 ? { contextSize: requested, windows, note: null } : null;
  }
  const start = Math.min(512, modelContextLength ?? 512);
  let contextSize = start;
  while (contextSize > MIN_WINDOW && countWindows(corpusTokens, contextSize) < WANTED_WINDOWS) contextSize = Math.floor(contextSize / 2);
  const windows = countWindows(corpusTokens, contextSize);
  if (windows < 2) return null;
  return { contextSize, windows, note: contextSize < start ? `window lowered from ${start} to ${contextSize} tokens so the ${corpusTokens}-token corpus gives ${windows} windows` : null };
}
