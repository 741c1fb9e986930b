import type { LlamaModel, Token } from "node-llama-cpp";

/** A token split across a multi-byte UTF-8 character decodes to U+FFFD until the rest arrives. */
const MAX_PENDING_TOKENS = 4;

/**
 * The growing text of one completion: decodes tokens as they come (holding back incomplete UTF-8),
 * cuts the text at the first stop string, and hands out only text that can no longer turn into a stop
 * string, so a streaming UI never shows text the final result drops.
 */
export class CompletionText {
  text = "";
  private readonly tokens: Token[] = [];
  private pending: Token[] = [];
  private streamed = 0;
  private readonly longestStop: number;

  constructor(private readonly options: { model: LlamaModel; stop: readonly string[] }) {
    this.longestStop = Math.max(0, ...options.stop.map((s) => s.length));
  }

  /** Adds one generated token; returns true when the text now contains a stop string (the text is cut before it). */
  push(token: Token): boolean {
    this.pending.push(token);
    const piece = this.options.model.detokenize(this.pending, false, this.tokens.slice(-MAX_PENDING_TOKENS));
    if (piece.endsWith("\uFFFD") && this.pending.length < MAX_PENDING_TOKENS) return false;
    return this.append(piece);
  }

  /** Decodes whatever is still held back (the completion ended mid-character). */
  flush(): boolean {
    if (this.pending.length === 0) return false;
    return this.append(this.options.model.detokenize(this.pending, false, this.tokens.slice(-MAX_PENDING_TOKENS)));
  }

  /** Text not handed out yet; while unfinished it keeps back a tail that may still start a stop string. */
  takeStreamable(isFinal: boolean): string {
    const limit = isFinal ? this.text.length : Math.max(this.streamed, this.text.length - Math.max(0, this.longestStop - 1));
    const out = this.text.slice(this.streamed, limit);
    this.streamed = Math.max(this.streamed, limit);
    return out;
  }

  private append(piece: string): boolean {
    this.tokens.push(...this.pending);
    this.pending = [];
    const searchFrom = Math.max(0, this.text.length - this.longestStop + 1);
    this.text += piece;
    let cut = -1;
    for (const stop of this.options.stop) {
      const at = this.text.indexOf(stop, searchFrom);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut === -1) return false;
    this.text = this.text.slice(0, cut);
    return true;
  }
}
