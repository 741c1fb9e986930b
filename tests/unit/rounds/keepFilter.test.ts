import { describe, expect, it } from "vitest";
import { decideKeep, fingerprint, type KeptFingerprint } from "../../../native/rounds/common/keepFilter.js";

const base: { keptPerTask: number; nearDuplicateThreshold: number; minCheckScore: number | null } = { keptPerTask: 2, nearDuplicateThreshold: 0.9, minCheckScore: null };
const sample = (sampleIndex: number, code: string, rationale = "the loop stops one early", extra: Partial<{ verdict: "pass" | "fail" | "unparsable"; checkScore: number | null }> = {}): { sampleIndex: number; code: string; rationale: string; verdict: "pass" | "fail" | "unparsable"; checkScore: number | null } =>
  ({ sampleIndex, code, rationale, verdict: "pass" as const, checkScore: null, ...extra });

function keepAll(samples: ReturnType<typeof sample>[], options = base) {
  const kept: KeptFingerprint[] = [];
  return samples.map((s) => {
    const decision = decideKeep({ sample: s, kept, ...options });
    if (decision.kept) kept.push(decision.fingerprint);
    return decision;
  });
}

describe("decideKeep", () => {
  it("keeps only passing samples", () => {
    const [failed, unparsable] = keepAll([sample(0, "def f(x):\n    return x", "r", { verdict: "fail" }), sample(1, "", "r", { verdict: "unparsable" })]);
    expect(failed).toMatchObject({ kept: false, droppedReason: "not_passing" });
    expect(unparsable).toMatchObject({ kept: false, droppedReason: "not_passing" });
  });

  it("drops exact duplicates of normalised code and rationale: other names, comments, layout and punctuation do not count", () => {
    const decisions = keepAll([
      sample(0, "def f(xs):\n    return sum(xs) / len(xs)\n", "Integer division truncates."),
      sample(1, "def f(values):  # fixed\n    return sum(values)/len(values)", "integer division, truncates"),
    ]);
    expect(decisions[0].kept).toBe(true);
    expect(decisions[1]).toMatchObject({ kept: false, droppedReason: "duplicate", duplicateOf: 0 });
  });

  it("keeps the same fix with a different rationale, and drops a near duplicate", () => {
    const code = "def f(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n";
    const rationale = "The trace shows total is 7 after the loop and the division floors it to 3, so use true division.";
    const decisions = keepAll([
      sample(0, code, rationale),
      sample(1, code, "Something else entirely: the denominator must be the count."),
      sample(2, code, rationale + " Done."),
    ], { ...base, keptPerTask: 5 });
    expect(decisions.map((d) => d.kept)).toEqual([true, true, false]);
    expect(decisions[2]).toMatchObject({ droppedReason: "near_duplicate", duplicateOf: 0 });
  });

  it("caps kept samples per task and applies the minimum trace-check score", () => {
    const capped = keepAll([sample(0, "def f():\n    return 1"), sample(1, "def f():\n    return 2"), sample(2, "def f():\n    return 3")]);
    expect(capped.map((d) => d.droppedReason)).toEqual([null, null, "task_cap"]);
    const scored = keepAll([sample(0, "def f():\n    return 1", "a", { checkScore: 0.4 }), sample(1, "def f():\n    return 2", "b", { checkScore: null }), sample(2, "def f():\n    return 3", "c", { checkScore: 0.5 })], { ...base, minCheckScore: 0.5 });
    expect(scored.map((d) => d.droppedReason)).toEqual(["low_check_score", "low_check_score", null]);
  });

  it("decides a resumed round like an uninterrupted one: the filter rebuilt from kept records gives the same decisions", () => {
    const samples = [sample(0, "def f(x):\n    return x+1", "a"), sample(1, "def f(y):\n    return y+1", "a"), sample(2, "def f(x):\n    return x+2", "b"), sample(3, "def f(x):\n    return x+3", "c")];
    const whole = keepAll(samples);
    const firstHalf = keepAll(samples.slice(0, 2));
    const rebuilt = samples.slice(0, 2).filter((_, i) => firstHalf[i].kept).map((s) => fingerprint(s));
    const rest = samples.slice(2).map((s) => {
      const decision = decideKeep({ sample: s, kept: rebuilt, ...base });
      if (decision.kept) rebuilt.push(decision.fingerprint);
      return decision;
    });
    expect([...firstHalf, ...rest].map((d) => d.droppedReason)).toEqual(whole.map((d) => d.droppedReason));
  });
});
