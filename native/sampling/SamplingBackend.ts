/**
 * The sampling contract every backend implements: the in-process one (LocalSamplingBackend, node-llama-cpp)
 * and, later, a remote OpenAI-compatible endpoint. Nothing here assumes the model lives in this process.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface SampleRequest {
  /** Raw prompt text, evaluated as is (no template). Exactly one of `prompt` and `messages` is required. */
  prompt?: string;
  /** Chat messages, rendered with the model's own chat template (node-llama-cpp's chat wrappers). */
  messages?: ChatMessage[];
  /** How many completions to draw. */
  k: number;
  /** Default: 0.8 (the NExT paper's sampling temperature). 0 means greedy. */
  temperature?: number;
  /** Default: 0.95. */
  topP?: number;
  /** Default: 40. */
  topK?: number;
  /** Default: 256. */
  maxTokens?: number;
  /** Base seed; completion i uses `seed + i`, so the same seed gives the same samples. Default: random. */
  seed?: number;
  /** Stop strings; the stop string is not part of the returned text. Default: none. */
  stop?: string[];
  /** GBNF grammar constraining every completion. Default: none. */
  grammar?: string;
}

export interface SampleCompletion {
  index: number;
  /** The seed this completion was drawn with (`request.seed + index`). */
  seed: number;
  text: string;
  /** "stop": a stop string matched; "eos": the model ended; "maxTokens": the budget ran out; "cancelled": aborted. */
  finishReason: "stop" | "maxTokens" | "cancelled" | "eos";
  /** Generated tokens (not counting the prompt). */
  tokens: number;
}

export interface SampleResult {
  completions: SampleCompletion[];
  promptTokens: number;
  elapsedMs: number;
  /** Generated tokens of all completions per second of wall time. */
  tokensPerSecond: number;
}

export interface SampleOptions {
  /** Aborting ends every unfinished completion with finishReason "cancelled" (the call still resolves). */
  signal?: AbortSignal;
  /** Called with each newly decoded text piece of completion `index`. */
  onTokens?: (index: number, text: string) => void;
  /**
   * Completion `index` has generated `tokens` tokens so far; called per token, also for tokens whose text is held
   * back (an incomplete character, a possible stop string), so a job counts tokens, not text pieces. Optional
   * for backends: the local one calls it.
   */
  onTokenCount?: (index: number, tokens: number) => void;
  /**
   * A serving engine went away and the call waits for it (the `waiting_for_engine` state: why, since when,
   * next try, when it gives up), or no longer waits (null). Local backends never call it.
   */
  onWaiting?: (waiting: { reason: string; since: string; retryAt: string; giveUpAt: string } | null) => void;
  /** The text completion `index` streamed so far is void: it starts again (same seed) after the engine came back. */
  onRetry?: (index: number) => void;
  /**
   * Completion `index` ended (any finish reason) after `tokens` tokens, so a job's total can drop the budget it
   * left unused (an early EOS). Optional for backends: the local one calls it.
   */
  onCompletionEnd?: (index: number, tokens: number) => void;
}

export interface SamplingBackend {
  /** Identifies the backend and its model, e.g. "local:/models/x.gguf". */
  readonly id: string;
  sample(request: SampleRequest, options?: SampleOptions): Promise<SampleResult>;
  /** The model's tokenization of `text` (no BOS), for token counting. */
  tokenize?(text: string): Promise<number[]> | number[];
  dispose(): Promise<void>;
}
