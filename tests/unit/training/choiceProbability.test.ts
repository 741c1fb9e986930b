import { describe, expect, it } from "vitest";
import type { Token } from "node-llama-cpp";
import { grammarProbability } from "../../bench/loop/choiceProbability.js";

// The loop benchmark's deterministic measure (tests/bench/loop/choiceProbability.ts): what grammar-constrained
// sampling draws, from the candidates' next-token distributions.
const t = (...ids: number[]) => ids as Token[];
const dist = (entries: Array<[number, number]>) => new Map(entries as Array<[Token, number]>);

describe("grammarProbability", () => {
  it("renormalises only where the candidates branch, at the temperature", () => {
    // Candidates share token 1, then branch 2 | 3 | 4; after the branch each continues alone.
    const branch = dist([[2, 0.5], [3, 0.2], [4, 0.1], [9, 0.2]]);
    const shared = dist([[1, 0.3], [9, 0.7]]);
    const after = dist([[5, 0.01], [9, 0.99]]);
    const candidates = [
      { tokens: t(1, 2, 5), isCorrect: false, distributions: [shared, branch, after] },
      { tokens: t(1, 3, 5), isCorrect: true, distributions: [shared, branch, after] },
      { tokens: t(1, 4, 5), isCorrect: false, distributions: [shared, branch, after] },
    ];
    // At T = 1: 0.2 / (0.5 + 0.2 + 0.1); the shared token and the forced suffix count as 1 (the grammar allows nothing else).
    expect(grammarProbability(candidates, 1)).toBeCloseTo(0.25, 10);
    // At T = 0.5 the weights square: 0.04 / (0.25 + 0.04 + 0.01).
    expect(grammarProbability(candidates, 0.5)).toBeCloseTo(0.04 / 0.3, 10);
  });

  it("multiplies the branch points along the correct candidate's path", () => {
    const first = dist([[1, 0.6], [2, 0.4]]);
    const second = dist([[3, 0.25], [4, 0.75]]);
    const candidates = [
      { tokens: t(1, 3), isCorrect: true, distributions: [first, second] },
      { tokens: t(1, 4), isCorrect: false, distributions: [first, second] },
      { tokens: t(2, 3), isCorrect: false, distributions: [first, dist([[3, 0.5], [4, 0.5]])] },
    ];
    expect(grammarProbability(candidates, 1)).toBeCloseTo(0.6 * 0.25, 10);
  });
});
