import { describe, expect, it } from "vitest";
import { averagePassAtK, passAtK } from "../../../native/evaluation/passAtK.js";

/** The estimator's definition, 1 - C(n-c, k) / C(n, k), in exact integer arithmetic. */
function exactPassAtK(n: number, c: number, k: number): number {
  const choose = (a: number, b: number): bigint => {
    if (b < 0 || b > a) return 0n;
    let result = 1n;
    for (let i = 1; i <= b; i += 1) result = (result * BigInt(a - b + i)) / BigInt(i);
    return result;
  };
  const scale = 10n ** 30n;
  return 1 - Number((choose(n - c, k) * scale) / choose(n, k)) / 1e30;
}

describe("passAtK", () => {
  it("matches hand-computed values", () => {
    expect(passAtK({ n: 10, c: 3, k: 1 })).toBeCloseTo(0.3, 12);
    // 1 - C(7,5)/C(10,5) = 1 - 21/252
    expect(passAtK({ n: 10, c: 3, k: 5 })).toBeCloseTo(1 - 21 / 252, 12);
    // 1 - C(199,100)/C(200,100) = 1 - 100/200
    expect(passAtK({ n: 200, c: 1, k: 100 })).toBeCloseTo(0.5, 12);
    expect(passAtK({ n: 8, c: 0, k: 5 })).toBe(0);
    expect(passAtK({ n: 8, c: 8, k: 1 })).toBe(1);
    expect(passAtK({ n: 8, c: 4, k: 5 })).toBe(1); // 4 failures cannot fill 5 draws
  });

  it("agrees with the exact binomial form over a grid, including where the binomials overflow doubles", () => {
    for (const n of [1, 2, 5, 16, 50, 200]) {
      for (const c of [0, 1, Math.floor(n / 3), n - 1, n].filter((v) => v >= 0 && v <= n)) {
        for (const k of [1, 2, 5, 10, 100].filter((v) => v <= n)) expect(passAtK({ n, c, k })).toBeCloseTo(exactPassAtK(n, c, k), 10);
      }
    }
    const big = passAtK({ n: 2000, c: 7, k: 1000 });
    expect(Number.isFinite(big)).toBe(true);
    expect(big).toBeCloseTo(exactPassAtK(2000, 7, 1000), 10);
  });

  it("refuses k > n and malformed counts", () => {
    expect(() => passAtK({ n: 3, c: 1, k: 5 })).toThrow(/undefined with only 3/);
    expect(() => passAtK({ n: 3, c: 4, k: 1 })).toThrow(RangeError);
    expect(() => passAtK({ n: 3, c: 1, k: 0 })).toThrow(RangeError);
  });
});

describe("averagePassAtK", () => {
  it("averages over tasks as fractions and lists tasks whose n is below k in refusedK, never dropping a k", () => {
    const tasks = [
      { taskId: "a", n: 10, c: 3 },
      { taskId: "b", n: 10, c: 0 },
      { taskId: "c", n: 4, c: 4 },
      { taskId: "d", n: 5, c: 1 },
    ];
    const result = averagePassAtK({ tasks, ks: [1, 5, 20] });
    expect(result.passAtK["1"]).toBeCloseTo((0.3 + 0 + 1 + 0.2) / 4, 12);
    // d has n = k exactly: scored (any 5 of 5 hold its pass).
    expect(result.passAtK["5"]).toBeCloseTo((1 - 21 / 252 + 0 + 1) / 3, 12);
    expect(result.passAtK["20"]).toBeNull();
    expect(result.refusedK).toEqual([
      { k: 5, taskIds: ["c"] },
      { k: 20, taskIds: ["a", "b", "c", "d"] },
    ]);
  });
});
