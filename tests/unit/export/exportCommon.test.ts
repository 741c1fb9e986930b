import { describe, expect, it } from "vitest";
import { parseRoundList } from "../../../native/export/common/parseRoundList.js";
import { splitTasks, taskUnit } from "../../../native/export/common/splitTasks.js";
import { tokenStats } from "../../../native/export/common/tokenStats.js";
import { buildExportMessages, toPromptCompletion } from "../../../native/export/common/buildExportMessages.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `set/task-${i}`);

describe("split by task", () => {
  it("holds out about the ratio of tasks, at least one when there are two or more, and none of one task", () => {
    const big = splitTasks({ taskIds: ids(200), ratio: 0.1 });
    expect(Object.values(big.assignments).filter((s) => s === "valid")).toHaveLength(20);
    expect(Object.values(splitTasks({ taskIds: ids(2), ratio: 0.1 }).assignments).filter((s) => s === "valid")).toHaveLength(1);
    expect(splitTasks({ taskIds: ids(1), ratio: 0.1 }).assignments).toEqual({ "set/task-0": "train" });
  });

  it("holds out the ratio's share even where ids as alike as a generated family's hash unevenly", () => {
    // 45 ids of a loop-bench run where 10 hash under 0.1: a per-task `unit < ratio` put all 10 in valid.
    const family = ["measure_loads_114", "count_laps_52", "rank_bids_87", "probe_votes_108", "tally_marks_94", "weigh_hits_120", "check_steps_102", "sum_coins_84", "sum_marks_64", "tally_points_129", "count_drops_68", "weigh_loads_80", "sift_hits_37", "tally_pins_98"]
      .concat(Array.from({ length: 31 }, (_, i) => `name_${i}`)).map((name) => `toy/toy/${name}`);
    expect(family.filter((id) => taskUnit(id) < 0.1).length).toBeGreaterThanOrEqual(8);
    const split = splitTasks({ taskIds: family, ratio: 0.1 });
    expect(Object.values(split.assignments).filter((s) => s === "valid")).toHaveLength(5);
    // The ones held out are those with the smallest hashes.
    const held = family.filter((id) => split.assignments[id] === "valid");
    const maxHeld = Math.max(...held.map(taskUnit));
    for (const id of family.filter((id) => split.assignments[id] === "train")) expect(taskUnit(id)).toBeGreaterThan(maxHeld);
  });

  it("never moves a task placed by an earlier export, whatever tasks arrive later", () => {
    const first = splitTasks({ taskIds: ids(5), ratio: 0.1 });
    const second = splitTasks({ taskIds: [...ids(40), "other/x"], ratio: 0.5, frozen: first });
    for (const [id, split] of Object.entries(first.assignments)) expect(second.assignments[id]).toBe(split);
    expect(second.ratio).toBe(0.1);
    // The same input gives the same split on every machine (a hash of the task id, no randomness).
    expect(splitTasks({ taskIds: ids(5), ratio: 0.1 })).toEqual(first);
    expect(taskUnit("set/task-0")).toBe(taskUnit("set/task-0"));
  });
});

describe("rows", () => {
  it("put the assistant turn last, replace the system prompt when one is given, and split into prompt and completion", () => {
    const record = { prompt: [{ role: "system" as const, content: "S" }, { role: "user" as const, content: "U" }] };
    expect(buildExportMessages({ record, answer: "A" })).toEqual([{ role: "system", content: "S" }, { role: "user", content: "U" }, { role: "assistant", content: "A" }]);
    const own = buildExportMessages({ record, answer: "A", systemPrompt: "Mine" });
    expect(own.map((m) => m.content)).toEqual(["Mine", "U", "A"]);
    expect(toPromptCompletion(own)).toEqual({ prompt: own.slice(0, 2), completion: [own[2]] });
  });

  it("token statistics and a histogram whose bins hold every row", () => {
    const stats = tokenStats([10, 20, 20, 30, 400]);
    expect(stats).toMatchObject({ rows: 5, total: 480, min: 10, max: 400, mean: 96, p50: 20 });
    expect(stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(stats.histogram.edges[0]).toBe(10);
    expect(stats.histogram.edges.at(-1)!).toBeGreaterThan(400);
    expect(tokenStats([]).rows).toBe(0);
  });
});

describe("parseRoundList", () => {
  it("reads 2, 1-3 and 1,3 (and mixes), and refuses anything else by what it is", () => {
    expect(parseRoundList("2")).toEqual([2]);
    expect(parseRoundList("1-3")).toEqual([1, 2, 3]);
    expect(parseRoundList("3,1")).toEqual([1, 3]);
    expect(parseRoundList("1-2,4,2")).toEqual([1, 2, 4]);
    expect(() => parseRoundList("0")).toThrow(/"0" is not a round number/);
    expect(() => parseRoundList("3-1")).toThrow(/not a range/);
    expect(() => parseRoundList("a")).toThrow(/"a"/);
    expect(() => parseRoundList("1,,2")).toThrow(/""/);
  });
});
