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
const fixtures = ["plannerBenchIdle.json", "plannerBenchLoaded.json", "plannerBenchLoaded2.json", "plannerBench8Tasks.json", "plannerBench12Tasks.json"].map((name) => ({ name, round: JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as RecordedRound }));

/*
 * The goal (issue 13) is ±20 % once 10 % is done. Every round holds ±20 % once its hard set is known. Before that
 * the share of hard tasks is projected from the tasks judged so far: on 4 tasks, 10 % of the samples is 1-2 judged
 * tasks, and one 4-task round's projection was 2 hard where 3 were (0.73x at 13 % of its samples; docs/benchmarks.md,
 * "Rounds"); the 8-task round (BENCH_TASKS=8) holds ±20 % from 10 % of its samples.
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

    if (round.plans[0].candidates >= 8) {
      it(`${name}: every estimate made once 10 % of the round's time had passed is within ±20 % of the actual time`, () => {
        const checked = round.plans.filter((plan) => (plan.soFar?.elapsedMs ?? 0) >= 0.1 * round.actualMs);
        expect(checked.length).toBeGreaterThanOrEqual(10);
        const ratios = checked.map((plan) => estimateRoundTime(plan).estimateMs / round.actualMs);
        for (const ratio of ratios) expect(Math.abs(ratio - 1), ratios.map((r) => r.toFixed(2)).join(" ")).toBeLessThanOrEqual(0.2);
      });

      it(`${name}: every estimate made once 10 % of the round's samples were done is within ±20 % of the actual time`, () => {
        // Done: the samples of the round's timed calls (a bench round never resumes, so all its calls are timed).
        const samplesDone = (plan: PlanInput) => (plan.soFar?.batches ?? []).reduce((sum, batch) => sum + batch.samples, 0);
        const total = samplesDone(round.plans.at(-1)!);
        const checked = round.plans.filter((plan) => samplesDone(plan) >= 0.1 * total);
        expect(checked.length).toBeGreaterThanOrEqual(10);
        const ratios = checked.map((plan) => estimateRoundTime(plan).estimateMs / round.actualMs);
        for (const ratio of ratios) expect(Math.abs(ratio - 1), ratios.map((r) => r.toFixed(2)).join(" ")).toBeLessThanOrEqual(0.2);
      });
    }

    it(`${name}: before the first call is timed the estimate is the upper bound, and with nothing left it is the time spent`, () => {
      const first = round.plans[0];
      expect(estimateRoundTime(first)).toMatchObject({ isUpperBound: true });
      expect(estimateRoundTime(first).estimateMs).toBeGreaterThan(round.actualMs);
      const last = round.plans.at(-1)!;
      expect(estimateRoundTime(last).estimateMs).toBe(Math.round(last.soFar!.elapsedMs));
    });
  }
});
