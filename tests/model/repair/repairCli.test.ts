// `tracetune repair --model` through bin/tracetune.mjs on the tiny generated model, its output forced by a grammar file.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { gbnfLiteral } from "./gbnfLiteral.js";

const fence = "```";
let dir: string;
let dataDir: string;
let modelPath: string;
const tracetune = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, ...args], { encoding: "utf8" });
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};

beforeAll(async () => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync("flock", ["/tmp/tracetune-build.lock", process.execPath, "scripts/build.mjs"], { stdio: "inherit" });
  modelPath = await ensureTestModel({ size: "tiny" });
  dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-repair-cli-model-"));
  dataDir = path.join(dir, "data");
});

describe("tracetune repair --model", () => {
  it("repairs a stored task with a grammar-forced fix: exit 0, samples in index order with their seeds", () => {
    expect(tracetune(["tasks", "import-demo"]).status).toBe(0);
    const fix = "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n    if x > hi:\n        return hi\n    return x\n";
    const grammar = file("fix.gbnf", gbnfLiteral(`Rationale: clamp(12, 0, 10) returns 12: there is no upper bound.\nFixed program:\n${fence}python\n${fix}${fence}`));
    const result = tracetune(["repair", "--task", "demo/clamp", "--model", modelPath, "--gpu", "cpu", "--threads", "1", "--context-size", "2048", "--k", "2", "--seed", "5", "--max-tokens", "300", "--few-shot", "0", "--grammar-file", grammar, "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.samples.map((s: { index: number; seed: number; verdict: string }) => [s.index, s.seed, s.verdict])).toEqual([[0, 5, "pass"], [1, 6, "pass"]]);
    expect(output.samples[0]).toMatchObject({ code: fix, templateId: "next-repair-v1", checkScore: 1 });
    expect(output.samples[0].claims).toEqual([expect.objectContaining({ text: expect.stringContaining("returns 12"), status: "confirmed" })]);
    expect(output.skipped).toEqual([]);
    expect(output.prompt.trace).toMatchObject({ call: "clamp(12, 0, 10)", test: "assert clamp(12, 0, 10) == 10" });
  }, 300_000);

  it("exit 1 when the forced output has no program (unparsable)", () => {
    const program = file("p.py", "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n");
    const tests = file("t.py", "assert total([4]) == 4\n");
    const result = tracetune(["repair", "--program", program, "--tests", tests, "--model", modelPath, "--gpu", "cpu", "--threads", "1", "--context-size", "2048", "--k", "1", "--seed", "1", "--max-tokens", "64", "--few-shot", "0", "--trace", "none", "--grammar-file", file("prose.gbnf", gbnfLiteral("Add instead.")), "--json"]);
    expect(result.status, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout).samples).toMatchObject([{ index: 0, verdict: "unparsable", reason: "no_code", rationale: "Add instead." }]);
  }, 300_000);
});
