/** The loader's default context size per sequence; the memory estimate uses the same, so both agree. */
export const DEFAULT_CONTEXT_SIZE = 4096;

/**
 * The context size a load would use: the requested one (default 4096), lowered to the model's trained length
 * when above it, since positions past it were never trained. The loader and the memory estimate both call this,
 * so the estimate is for the context that will be allocated, and both say when the request was lowered.
 */
export function resolveContextSize(options: { requested?: number; trainedContextLength: number | null }): {
  contextSize: number;
  /** Set when the request was above the trained length and was lowered to it. */
  clamp: { requested: number; trainedContextLength: number } | null;
} {
  const requested = options.requested ?? DEFAULT_CONTEXT_SIZE;
  const trained = options.trainedContextLength;
  if (trained !== null && trained > 0 && requested > trained) {
    return { contextSize: trained, clamp: { requested, trainedContextLength: trained } };
  }
  return { contextSize: requested, clamp: null };
}

/** The sentence every front door shows for a lowered context (load result, memory estimate, CLI). */
export function describeContextClamp(clamp: { requested: number; trainedContextLength: number }): string {
  return `Context size ${clamp.requested} is above the model's trained context length (${clamp.trainedContextLength} tokens); it is lowered to ${clamp.trainedContextLength}.`;
}
