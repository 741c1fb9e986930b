import { describe, expect, it } from "vitest";
import { SampleProgress } from "../../../native/models/SampleProgress";

describe("a sample job's progress (SampleProgress)", () => {
  it("counts decode steps for a backend that decodes its completions together: the longest one's tokens, of maxTokens", () => {
    const progress = new SampleProgress({ k: 3, maxTokens: 100, parallelSequences: 8 });
    expect(progress.initialTotal).toBe(100);
    for (let step = 1; step <= 10; step += 1) for (const index of [0, 1, 2]) progress.tokenCount(index, step);
    expect([progress.done, progress.total]).toEqual([10, 100]);
    // Two completions end early: the wave goes on as long as its longest, so the total stays.
    progress.completionEnd(1, 10);
    progress.completionEnd(2, 10);
    for (let step = 11; step <= 40; step += 1) progress.tokenCount(0, step);
    expect([progress.done, progress.total]).toEqual([40, 100]);
    // The last one ends: the wave took 40 steps, and the job ends at its total.
    progress.completionEnd(0, 40);
    expect([progress.done, progress.total]).toEqual([40, 40]);
  });

  it("runs completions past parallelSequences in waves, one after another, each with its own step budget", () => {
    const progress = new SampleProgress({ k: 5, maxTokens: 50, parallelSequences: 2 });
    expect(progress.initialTotal).toBe(150);
    for (const [index, tokens] of [[0, 30], [1, 50], [2, 20], [3, 10], [4, 5]] as const) {
      progress.tokenCount(index, tokens);
      progress.completionEnd(index, tokens);
    }
    expect([progress.done, progress.total]).toEqual([50 + 20 + 5, 50 + 20 + 5]);
  });

  it("counts tokens (or the stream's pieces) for a backend that tells no waves, less the budget ended completions left", () => {
    const tokens = new SampleProgress({ k: 2, maxTokens: 10, parallelSequences: null });
    expect(tokens.initialTotal).toBe(20);
    tokens.tokenCount(0, 4);
    tokens.tokenCount(1, 6);
    tokens.completionEnd(0, 4);
    expect([tokens.done, tokens.total]).toEqual([10, 14]);
    const pieces = new SampleProgress({ k: 2, maxTokens: 10, parallelSequences: null });
    for (let i = 0; i < 7; i += 1) pieces.piece();
    expect([pieces.done, pieces.total]).toEqual([7, 20]);
  });
});
