import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Trace } from "../../../native/api/index.js";
import { describeStop, iterationNumber, iterationStep, lineEffectsAt, stackAt, stdoutAt } from "../../../renderer/src/pages/Debugger/traceNavigation.js";

// Recorded with `tracetune trace --program count_vowels.py --call "count_vowels('AeI')" --json` (the real tracer):
// a loop over 'AeI' that counts one vowel, prints the count and returns it.
const trace = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/countVowelsTrace.json"), "utf8")) as Trace;
const stepAt = (line: number, run: number) => trace.steps.filter((s) => s.line === line && s.event === "line")[run - 1].step;

describe("reading a trace as the Debugger shows it", () => {
  it("shows the state after the selected line ran, in the frame's variables", () => {
    const forSecondCharacter = stepAt(3, 2);
    expect(stackAt(trace, forSecondCharacter)).toEqual([expect.objectContaining({ frame: "count_vowels", line: 3, variables: { text: "'AeI'", count: "0", ch: "'e'" } })]);
    expect(stackAt(trace, stepAt(5, 1))[0].variables.count).toBe("1");
  });

  it("puts on each line of the frame what its latest run did", () => {
    const effects = lineEffectsAt(trace, stepAt(4, 3));
    expect(effects.get(2)).toEqual({ count: "0" });
    expect(effects.get(3)).toEqual({ ch: "'I'" });
    expect(effects.get(5)).toEqual({ count: "1" });
    expect(lineEffectsAt(trace, trace.steps.length - 1).get(7)).toEqual({ return: "1" });
  });

  it("moves by loop iteration: the same line of the same frame, on and back", () => {
    const first = stepAt(3, 1);
    expect(iterationStep(trace, first, 1)).toBe(stepAt(3, 2));
    expect(iterationStep(trace, stepAt(3, 2), -1)).toBe(first);
    expect(iterationStep(trace, first, -1)).toBeNull();
    expect(iterationNumber(trace, stepAt(3, 3))).toBe(3);
    expect(iterationStep(trace, stepAt(6, 1), 1)).toBeNull();
  });

  it("shows a print's output once its own line has run, not a step later", () => {
    const printLine = stepAt(6, 1);
    expect(stdoutAt(trace, printLine - 1)).toBe("");
    expect(stdoutAt(trace, printLine)).toBe("1\n");
    expect(stdoutAt(trace, trace.steps.length - 1)).toBe("1\n");
  });

  it("says where and why a partial trace stopped, and nothing for a whole one", () => {
    expect(describeStop(trace)).toBeNull();
    expect(describeStop({ ...trace, truncated: true, reason: "timeout" })).toBe(`Stopped at line 7 (step ${trace.steps.length}): the time limit ran out. The steps before it are shown.`);
  });
});
