import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { checkClaims } from "../../../native/repair/claims/checkClaims.js";
import { exemplarOverlap, loadExemplars } from "../../../native/repair/exemplars.js";
import { findFirstFailingCall } from "../../../native/repair/buildRepairPrompt.js";
import { repairCaseFromProgram } from "../../../native/repair/RepairCase.js";

const exemplars = loadExemplars();

describe("prompt exemplars", () => {
  it("no task of the shipped demo set matches an exemplar", () => {
    const demo = readFileSync("resources/demo-tasks/demo-tasks.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line) as { id: string; description: string; buggyProgram: string; reference: string });
    expect(demo.length).toBeGreaterThan(20);
    for (const task of demo) expect(exemplarOverlap({ ...task, entryPoint: task.id }), task.id).toEqual([]);
  });

  it("a task that is an exemplar up to names and layout, or with its function and description, matches", () => {
    const spread = exemplars.find((exemplar) => exemplar.id === "spread")!;
    const renamed = spread.fixedProgram.replaceAll("spread", "value_range").replaceAll("low", "lo").replaceAll("high", "hi").replace("\n", "  # widest gap\n");
    expect(exemplarOverlap({ buggyProgram: renamed, reference: null, entryPoint: "value_range", description: "" })).toEqual([
      { exemplarId: "spread", reason: expect.stringContaining("up to names and layout") },
    ]);
    expect(exemplarOverlap({ buggyProgram: "def spread(v):\n    return max(v) - min(v)\n", reference: null, entryPoint: "spread", description: `  ${spread.description.toUpperCase()} ` })).toEqual([
      { exemplarId: "spread", reason: expect.stringContaining("same function and description") },
    ]);
    expect(exemplarOverlap({ buggyProgram: "def spread(v):\n    return max(v) - min(v)\n", reference: null, entryPoint: "spread", description: "Something else." })).toEqual([]);
  });

  describe("in the sandbox", () => {
    let runtime: PythonRuntime;
    beforeAll(async () => {
      runtime = await PythonRuntime.start({ size: 1, spares: 0 });
    });
    afterAll(async () => {
      await runtime?.dispose();
    });

    it("each exemplar's buggy program fails its tests, its fix passes, and its rationale's claims hold on the trace", async () => {
      for (const exemplar of exemplars) {
        const repairCase = repairCaseFromProgram({ program: exemplar.buggyProgram, tests: exemplar.tests, entryPoint: exemplar.entryPoint });
        const failing = await findFirstFailingCall({ runtime, repairCase, where: exemplar.id });
        expect(failing, exemplar.id).not.toBeNull();
        expect((await runtime.exec(repairCase.execRequest(exemplar.fixedProgram))).verdict, exemplar.id).toBe("pass");
        const { claims } = await checkClaims({
          rationale: exemplar.rationale, program: exemplar.buggyProgram, entryPoint: exemplar.entryPoint, trace: failing!.trace,
          traceCall: (call) => runtime.trace({ program: exemplar.buggyProgram, call }),
        });
        expect(claims.filter((claim) => claim.status === "contradicted"), exemplar.id).toEqual([]);
        expect(claims.filter((claim) => claim.status === "confirmed").length, exemplar.id).toBeGreaterThan(0);
      }
    });
  });
});
