import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RepairResult } from "../../../native/api/repairApi.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { buildNoTraceMessages, formatRepairAnswer } from "../../../native/repair/composeRepairMessages.js";
import { parseCompletion } from "../../../native/repair/parseCompletion.js";
import { repairCaseFromProgram } from "../../../native/repair/RepairCase.js";

const fence = "```";
const buggy = "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n";
const fixed = buggy.replace("s -= x", "s += x");
const tests = "assert total([]) == 0\nassert total([4]) == 4\nassert total([1, 2]) == 3\n";

/** Waits for a job and returns its result (the core's own job API, as the UI uses it). */
async function jobResult(core: Core, jobId: string): Promise<{ status: string; result: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status !== "running") {
      if (job.status === "failed") throw Object.assign(new Error(job.error?.message), job.error);
      return { status: job.status, result: job.result };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("repair API through the core (real sandbox)", () => {
  let core: Core;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-repair-"));
    core = await createCore({ host: "cli", dataDir });
  });
  afterAll(async () => {
    await core?.dispose();
  });

  it("judges completions made elsewhere: verdicts come from the sandbox, extraction failures are unparsable", async () => {
    const events: unknown[] = [];
    const unsubscribe = core.subscribe((event) => event.topic === "repair" && events.push(event.payload));
    const completions = [
      { text: `Rationale: it subtracts.\nFixed program:\n${fence}python\n${fixed}${fence}` },
      { text: `The buggy code:\n${fence}python\n${buggy}${fence}\nI am not sure what to change.` },
      { text: "It should add instead of subtracting." },
      { text: `${fence}python\ndef total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s`, finishReason: "maxTokens" },
      { text: `${fence}python\ndef total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return (s`, finishReason: "maxTokens" },
      { text: `${fence}python\ndef total(xs):\n    return sum(xs) if xs else 0 if\n`, finishReason: "maxTokens" },
      { text: `${fence}python\ndef total(xs):\n    while True:\n        pass\n${fence}` },
      { text: `total([4]) returns -4 because s -= x subtracts. After the loop s is 4.\n${fence}python\n${fixed}${fence}` },
      // No --entry given: the fix is still picked over a usage block after it (the entry point is the buggy program's def).
      { text: `Fixed:\n${fence}python\n${fixed}${fence}\nUsage:\n${fence}\nprint(total([1, 2]))\n${fence}` },
    ];
    const { jobId } = await core.api.repairJudgeCompletions({ program: buggy, tests, completions, source: "test.jsonl", limits: { timeoutMs: 1000 } });
    const { status, result } = await jobResult(core, jobId);
    unsubscribe();
    expect(status).toBe("done");
    const { samples, model } = result as RepairResult;
    expect(model).toEqual({ kind: "completions", source: "test.jsonl" });
    expect(samples.map((s) => [s.index, s.verdict, s.reason])).toEqual([
      [0, "pass", undefined],
      [1, "fail", undefined],
      [2, "unparsable", "no_code"],
      // Cut off by max tokens but complete: judged by the tests (it passes).
      [3, "pass", undefined],
      // Visibly cut mid-expression: the parser says truncated without running it.
      [4, "unparsable", "truncated"],
      // Cut off and not compiling, though not visibly open: the sandbox's syntax verdict becomes truncated.
      [5, "unparsable", "truncated"],
      [6, "timeout", undefined],
      [7, "pass", undefined],
      [8, "pass", undefined],
    ]);
    // Claims are checked against the trace of the first failing test (total([4])): one holds, one does not.
    expect(samples[7].claims.map((c) => [c.text, c.status])).toEqual([
      [expect.stringContaining("total([4]) returns -4"), "confirmed"],
      [expect.stringContaining("s is 4"), "contradicted"],
    ]);
    expect(samples[7].checkScore).toBe(0.5);
    expect(samples[0]).toMatchObject({ code: fixed, rationale: "it subtracts.", claims: [], checkScore: null, seed: null, templateId: null, finishReason: null });
    expect(samples[0].tests.map((t) => t.passed)).toEqual([true, true, true]);
    expect(samples[1].tests.map((t) => t.passed)).toEqual([true, false, false]);
    expect(samples[4].tests).toEqual([]);
    expect(samples[5].error?.type).toBe("SyntaxError");
    expect(events.filter((e) => (e as { kind: string }).kind === "sample")).toHaveLength(completions.length);
  });

  it("renders the prompt with the NExT trace of the first failing test, within the derived budget", async () => {
    const prompt = await core.api.repairPrompt({ program: buggy, tests, description: "Sum a list.", fewShot: 1, maxTokens: 300, contextSize: 2048 });
    expect(prompt).toMatchObject({ templateId: "next-repair-v1", traceFormat: "next", tokenizer: "estimate", exemplars: ["spread"], exemplarOverlap: [] });
    expect(prompt.trace).toMatchObject({ call: "total([4])", outcome: "returned -4", test: "assert total([4]) == 4", fitsBudget: true, degradeLevel: 0 });
    expect(prompt.budget).toEqual({ contextSize: 2048, maxTokens: 300, rest: prompt.budget.rest, trace: 2048 - 300 - prompt.budget.rest - 16 });
    expect(prompt.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    const task = prompt.messages[3].content;
    expect(task).toContain("Task: Sum a list.");
    expect(task).toContain("        s -= x  # (3) s=-4");
    expect(task).toContain(tests.trim());
    expect(task).toContain("Keep the function name `total`");
    expect(prompt.messages[2].content).toMatch(/^Rationale: `low` starts at 0[\s\S]*Fixed program:\n```python\ndef spread/);
    expect(prompt.tokens + 300).toBeLessThanOrEqual(2048);
  });

  it("degrades the trace to fit a small context, and refuses one too small for the rest of the prompt", async () => {
    const loop = "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n";
    const big = await core.api.repairPrompt({ program: loop, tests: "assert total(list(range(40))) == 780", fewShot: 0, maxTokens: 64, contextSize: 4096 });
    const small = await core.api.repairPrompt({ program: loop, tests: "assert total(list(range(40))) == 780", fewShot: 0, maxTokens: 64, contextSize: big.budget.rest + 64 + 16 + 60 });
    expect(small.trace!.degradeLevel).toBeGreaterThan(0);
    expect(small.tokens).toBeLessThan(big.tokens);
    await expect(core.api.repairPrompt({ program: loop, tests, fewShot: 0, maxTokens: 64, contextSize: big.budget.rest })).rejects.toMatchObject({ code: "prompt_too_long" });
  });

  it("traces the failing call of a check(candidate) harness and shows the harness as the tests", async () => {
    const harness = "def check(candidate):\n    assert candidate([]) == 0\n    assert candidate([4]) == 4\n\ncheck(total)\n";
    const prompt = await core.api.repairPrompt({ program: buggy, tests: harness, entryPoint: "total", fewShot: 0 });
    expect(prompt.trace).toMatchObject({ call: "total([4])", outcome: "returned -4" });
    expect(prompt.messages.at(-1)!.content).toContain(harness.trim());
    const { jobId } = await core.api.repairJudgeCompletions({ program: buggy, tests: harness, entryPoint: "total", completions: [{ text: `${fence}python\n${fixed}${fence}` }] });
    const { result } = await jobResult(core, jobId);
    expect((result as RepairResult).samples.map((s) => s.verdict)).toEqual(["pass"]);
  });

  it("says when the program is a prompt exemplar (it would be shown with its answer)", async () => {
    const exemplar = "def spread(values):\n    low = 0\n    high = values[0]\n    for v in values:\n        if v < low:\n            low = v\n        if v > high:\n            high = v\n    return high - low\n";
    const prompt = await core.api.repairPrompt({ program: exemplar, tests: "assert spread([5, 9, 7]) == 4", fewShot: 0 });
    expect(prompt.exemplarOverlap).toEqual([{ exemplarId: "spread", reason: expect.stringContaining("prompt exemplar") }]);
  });

  it("shows scratchpad and no-trace formats", async () => {
    const scratch = await core.api.repairPrompt({ program: buggy, tests, traceFormat: "scratchpad", fewShot: 0 });
    expect(scratch.messages.at(-1)!.content).toContain("# Execution of total([4]):");
    const none = await core.api.repairPrompt({ program: buggy, tests, traceFormat: "none", fewShot: 0 });
    expect(none.messages.at(-1)!.content).toContain(`Here is the program:\n${fence}python\n${buggy}${fence}`);
    expect(none.messages.at(-1)!.content).not.toContain("# (");
  });

  it("refuses a program that passes its tests, a missing field and an unknown template, naming them", async () => {
    await expect(core.api.repairPrompt({ program: fixed, tests })).rejects.toMatchObject({ code: "nothing_to_repair" });
    await expect(core.api.repairPrompt({ program: buggy })).rejects.toMatchObject({ code: "invalid_input", details: { field: "tests" } });
    await expect(core.api.repairPrompt({ program: buggy, tests, templateId: "nope-v9" })).rejects.toMatchObject({ code: "invalid_prompt_template" });
    await expect(core.api.repairStart({ program: buggy, tests })).rejects.toMatchObject({ code: "no_model_loaded" });
    await expect(core.api.repairJudgeCompletions({ program: buggy, tests, completions: [{ text: 3 as unknown as string }] })).rejects.toMatchObject({ details: { field: "completions[0].text" } });
  });

  it("stores repair settings and refuses bad ones naming the field", async () => {
    expect(await core.api.getRepairSettings()).toEqual({ templateId: "next-repair-v1", traceFormat: "next", fewShot: 1, k: 4, temperature: 0.8, maxTokens: 512 });
    expect(await core.api.updateRepairSettings({ patch: { traceFormat: "scratchpad", fewShot: 0 } })).toMatchObject({ traceFormat: "scratchpad", fewShot: 0 });
    await expect(core.api.updateRepairSettings({ patch: { fewShot: 9 } })).rejects.toMatchObject({ details: { field: "fewShot" } });
    await expect(core.api.updateRepairSettings({ patch: { colour: "red" } as never })).rejects.toMatchObject({ details: { field: "colour" } });
    const prompt = await core.api.repairPrompt({ program: buggy, tests });
    expect(prompt).toMatchObject({ traceFormat: "scratchpad", exemplars: [] });
    await core.api.updateRepairSettings({ patch: { traceFormat: "next", fewShot: 1 } });
  });
});

describe("prompt parts usable alone", () => {
  let core: Core;
  beforeAll(async () => {
    core = await createCore({ host: "cli", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-repair-")) });
  });
  afterAll(async () => {
    await core?.dispose();
  });

  it("buildNoTraceMessages (no sandbox) gives exactly the messages of a 'none' prompt", async () => {
    const prompt = await core.api.repairPrompt({ program: buggy, tests, traceFormat: "none", fewShot: 2, description: "Sum a list." });
    const pure = buildNoTraceMessages({ repairCase: repairCaseFromProgram({ program: buggy, tests, description: "Sum a list." }), fewShot: 2 });
    expect(pure.messages).toEqual(prompt.messages);
    expect(pure.templateHash).toBe(prompt.templateHash);
  });

  it("shows a hint before the instruction, and an answer in the output format parses back", async () => {
    const prompt = await core.api.repairPrompt({ program: buggy, tests, fewShot: 0, hint: "The loop subtracts." });
    expect(prompt.messages.at(-1)!.content).toContain("(it may be wrong): The loop subtracts.\n\nFirst explain");
    const answer = formatRepairAnswer({ rationale: "It subtracts.", code: fixed });
    expect(parseCompletion(answer, { entryPoint: "total" })).toEqual({ ok: true, rationale: "It subtracts.", code: fixed });
  });
});
