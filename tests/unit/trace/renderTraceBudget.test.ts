import { describe, expect, it } from "vitest";
import { renderTrace } from "../../../native/trace/common/renderTrace.js";
import type { TraceStyle } from "../../../native/trace/common/types.js";
import { buildTrace, type StepSpec } from "./buildTrace.js";

/** Small seeded PRNG (mulberry32) so every run checks the same random traces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A program of `lines` statements in one function, run through a loop of random length, ending in a return or an exception. */
function randomCase(seed: number) {
  const next = random(seed);
  const bodyLines = 2 + Math.floor(next() * 12);
  const program = ["def f(xs):", ...Array.from({ length: bodyLines }, (_, i) => `    v${i} = work(v${i}, xs)`), "    return v0"].join("\n");
  const value = () => {
    const kind = next();
    if (kind < 0.4) return String(Math.floor(next() * 1e6));
    if (kind < 0.7) return `'${"ab é😀".repeat(1 + Math.floor(next() * 40))}'`;
    return `[${Array.from({ length: Math.floor(next() * 50) }, () => Math.floor(next() * 1000)).join(", ")}]`;
  };
  const steps: StepSpec[] = [[1, "call", { xs: value() }]];
  const rounds = 1 + Math.floor(next() * 30);
  for (let r = 0; r < rounds; r += 1) {
    for (let line = 2; line < 2 + bodyLines; line += 1) steps.push([line, "line", next() < 0.7 ? { [`v${line - 3}`]: value() } : {}]);
  }
  const isException = next() < 0.5;
  const failureLine = 2 + Math.floor(next() * bodyLines);
  if (isException) {
    const exception = { type: "ValueError", message: `bad value ${"x".repeat(Math.floor(next() * 200))}`, line: failureLine };
    steps.push([failureLine, "line"], [failureLine, "exception", {}, { exception }], [failureLine, "return", {}, { returned: "None" }]);
    return { program, trace: buildTrace({ call: "f([1])", steps, exception }), failure: "__exception__=ValueError: bad value" };
  }
  const returned = value();
  steps.push([2 + bodyLines, "line"], [2 + bodyLines, "return", {}, { returned }]);
  return { program, trace: buildTrace({ call: "f([1])", steps, returned }), failure: `__return__=${returned.slice(0, 4)}` };
}

describe("renderTrace within a token budget", () => {
  const styles: TraceStyle[] = ["inline", "scratchpad"];
  it("never exceeds a budget it reports as met, and always keeps the failure state", () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed += 1) {
      const { program, trace, failure } = randomCase(seed);
      for (const style of styles) {
        const smallest = renderTrace({ program, trace, style, settings: { budget: 1 } });
        expect(smallest.fitsBudget).toBe(false);
        expect(smallest.keepsFailureState).toBe(true);
        for (const budget of [smallest.tokens, smallest.tokens + 7, 128, 256, 512, 1024]) {
          const rendering = renderTrace({ program, trace, style, settings: { budget } });
          expect(rendering.keepsFailureState, `seed ${seed} ${style} budget ${budget}`).toBe(true);
          expect(rendering.text).toContain(failure);
          if (budget >= smallest.tokens) expect(rendering.fitsBudget, `seed ${seed} ${style} budget ${budget}`).toBe(true);
          if (rendering.fitsBudget) expect(rendering.tokens).toBeLessThanOrEqual(budget);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(60 * 2 * 6);
  });

  it("degrades in order: reprs first, then states per line, then whole lines", () => {
    const { program, trace } = randomCase(7);
    const levels = [2000, 400, 250, 150, 100].map((budget) => renderTrace({ program, trace, settings: { budget } }));
    for (let i = 1; i < levels.length; i += 1) {
      expect(levels[i].degradeLevel).toBeGreaterThanOrEqual(levels[i - 1].degradeLevel);
      expect(levels[i].tokens).toBeLessThanOrEqual(levels[i - 1].tokens);
    }
    expect(levels[0].degradeLevel).toBe(0);
  });

  it("counts with the tokenizer it is given and reports its name", () => {
    const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
    const { program, trace } = randomCase(3);
    const rendering = renderTrace({ program, trace, countTokens: words, tokenizer: "words", settings: { budget: 100 } });
    expect(rendering.tokenizer).toBe("words");
    expect(rendering.tokens).toBe(words(rendering.text));
  });
});
