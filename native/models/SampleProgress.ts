/**
 * What a sample job reports as its progress, in a unit that proceeds evenly in time, so the one ETA estimator
 * (native/jobs/estimateEta.ts) can read it.
 *
 * The local backend decodes the completions of a wave (up to `parallelSequences` of them) together, one batched
 * decode step per token position, and a wave lasts as long as its longest completion. So progress counts decode
 * steps: per wave, the longest completion's tokens so far, out of maxTokens, and once all of a wave's completions
 * ended, out of the steps it took. The count reads as "the completions are N tokens in, of maxTokens".
 * Why steps, not tokens: a step's cost grows far less than the tokens it makes. In a recorded job of 8 completions
 * (bench model, CPU, 2 threads; lengths 15 to 512) tokens per second fell from 239 to 82 as completions ended
 * while steps per second stayed between 23 and 44; counted in tokens, that job's ETA (replayed from its per-token
 * trace) put the end up to 29 % early. With 1 thread (compute-bound) steps do get faster as completions end (11 →
 * 40 per second in a recorded job), so until the longest ends the ETA is an upper bound: it errs late, not early,
 * unless the machine's load changes.
 *
 * A backend that runs no waves it tells of (a serving engine) is counted in tokens, or in its stream's pieces when it
 * does not count tokens (about one token each): done of k × maxTokens less the budget ended completions left.
 */
export class SampleProgress {
  private readonly longest: number[] = [];
  private readonly ended: number[] = [];
  private readonly tokensOf = new Map<number, number>();
  private readonly endedIndexes = new Set<number>();
  private pieces = 0;
  private unused = 0;
  private readonly waveWidth: number | null;

  /** `parallelSequences`: how many completions the backend decodes together, null when it does not say. */
  constructor(private readonly request: { k: number; maxTokens: number; parallelSequences: number | null }) {
    this.waveWidth = request.parallelSequences === null ? null : Math.max(1, Math.min(request.k, request.parallelSequences));
  }

  /** The total before any token: the step budget of every wave, or k × maxTokens tokens. */
  get initialTotal(): number {
    return this.waveWidth === null ? this.request.k * this.request.maxTokens : this.waveCount * this.request.maxTokens;
  }

  /** Completion `index` has generated `tokens` tokens so far (SampleOptions.onTokenCount). */
  tokenCount(index: number, tokens: number): void {
    this.tokensOf.set(index, tokens);
    if (this.waveWidth !== null) this.longest[this.waveOf(index)] = Math.max(this.longest[this.waveOf(index)] ?? 0, tokens);
  }

  /** A text piece arrived (SampleOptions.onTokens): counted only from a backend that counts no tokens. */
  piece(): void {
    this.pieces += 1;
  }

  /** Completion `index` ended after `tokens` tokens (SampleOptions.onCompletionEnd). */
  completionEnd(index: number, tokens: number): void {
    if (this.endedIndexes.has(index)) return;
    this.endedIndexes.add(index);
    this.unused += Math.max(0, this.request.maxTokens - tokens);
    if (this.tokensOf.size > 0 || this.waveWidth !== null) this.tokenCount(index, tokens);
    if (this.waveWidth !== null) this.ended[this.waveOf(index)] = (this.ended[this.waveOf(index)] ?? 0) + 1;
  }

  get done(): number {
    if (this.waveWidth !== null) return this.longest.reduce((sum, steps) => sum + (steps ?? 0), 0);
    return this.tokensOf.size > 0 ? [...this.tokensOf.values()].reduce((sum, tokens) => sum + tokens, 0) : this.pieces;
  }

  get total(): number {
    if (this.waveWidth === null) return this.request.k * this.request.maxTokens - this.unused;
    let steps = 0;
    for (let wave = 0; wave < this.waveCount; wave += 1) {
      const isOver = (this.ended[wave] ?? 0) >= this.waveSize(wave);
      steps += isOver ? (this.longest[wave] ?? 0) : this.request.maxTokens;
    }
    return steps;
  }

  private get waveCount(): number {
    return Math.ceil(this.request.k / this.waveWidth!);
  }

  private waveOf(index: number): number {
    return Math.floor(index / this.waveWidth!);
  }

  private waveSize(wave: number): number {
    return Math.min(this.waveWidth!, this.request.k - wave * this.waveWidth!);
  }
}
