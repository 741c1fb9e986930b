import { describe, expect, it } from "vitest";
import { judgeInOrder } from "../../../native/repair/judgeInOrder.js";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("judgeInOrder", () => {
  it("yields in item order while running up to `window` at once", async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results: number[] = [];
    for await (const value of judgeInOrder({
      items: [40, 5, 30, 1, 10], window: 3,
      judge: async (ms) => {
        started.push(ms);
        running += 1;
        peak = Math.max(peak, running);
        await delay(ms);
        running -= 1;
        return ms;
      },
    })) results.push(value);
    expect(results).toEqual([40, 5, 30, 1, 10]);
    expect(peak).toBe(3);
    expect(started).toEqual([40, 5, 30, 1, 10]);
  });

  it("starts nothing new once aborted and ends the iteration; a failure reaches the caller in order", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results: number[] = [];
    for await (const value of judgeInOrder({ items: [1, 2, 3, 4, 5], window: 1, signal: controller.signal, judge: async (n) => (started.push(n), n) })) {
      results.push(value);
      if (value === 2) controller.abort();
    }
    expect(results).toEqual([1, 2]);
    expect(started).toEqual([1, 2]);
    const failing = judgeInOrder({ items: [1, 2], window: 2, judge: async (n) => { if (n === 1) throw new Error("boom"); return n; } });
    await expect(failing.next()).rejects.toThrow("boom");
  });
});
