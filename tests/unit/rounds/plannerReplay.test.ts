import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { estimateRoundTime } from "../../../native/rounds/common/estimateRoundTime.js";
import type { PlanInput } from "../../../native/rounds/node/runRounds.js";

/**
 * Real rounds recorded by `BENCH_PLANNER_FIXTURE=FILE npm run bench -- rounds` (tests/bench/rounds.bench.ts): every
 * estimate's inputs as runRounds made them (the calibration, what was left, the round's timed calls so far) and the
 * round's actual time. Replayed through estimateRoundTime as it is now.
 */
interface RecordedRound {
  recorded: string;
  actualMs: number;
  plans: Array<PlanInput & { estimateMsThen: number }>;
}
const fixtures = ["plannerBenchLoaded.json", "plannerBenchLoaded2.json"].map((name) => ({ name, round: JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as RecordedRound }));

/*
 * The goal (issue 13) is ±20 % once 10 % is done. On these 4-task rounds what holds is ±20 % once the hard set is
 * known (38-48 % of the time): before that the share of hard tasks is projected from 1-3 judged tasks, and the second
 * round's was 2 of the 3 left where 3 were (0.73x at 13 % of its samples; docs/benchmarks.md, "Rounds").
 */
describe("the planner replayed on recorded bench rounds (issue 13)", () => {
  for (const { name, round } of fixtures) {
    it(`${name}: every estimate made once the hard set was known is within ±20 % of the actual time`, () => {
      const checked = round.plans.filter((plan) => plan.hardTasks !== null);
      expect(checked.length).toBeGreaterThanOrEqual(3);
      const ratios = checked.map((plan) => estimateRoundTime(plan).estimateMs / round.actualMs);
      for (const ratio of ratios) expect(ratio, ratios.map((r) => r.toFixed(2)).join(" ")).toBeGreaterThanOrEqual(0.8);
      for (const ratio of ratios) expect(ratio, ratios.map((r) => r.toFixed(2)).join(" ")).toBeLessThanOrEqual(1.2);
    });

    it(`${name}: before the first call is timed the estimate is the upper bound, and with nothing left it is the time spent`, () => {
      const first = round.plans[0];
      expect(estimateRoundTime(first)).toMatchObject({ isUpperBound: true });
      expect(estimateRoundTime(first).estimateMs).toBeGreaterThan(round.actualMs);
      const last = round.plans.at(-1)!;
      expect(estimateRoundTime(last).estimateMs).toBe(Math.round(last.soFar!.elapsedMs));
    });
  }
});
