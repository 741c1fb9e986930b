import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/** Runs the built CLI exactly as a user does: `node bin/tracetune.mjs …`. */
const tracetune = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, ...args], { encoding: "utf8" });

const fence = "```";
const buggy = "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n";
const fixed = buggy.replace("s -= x", "s += x");
const tests = "assert total([]) == 0\nassert total([4]) == 4\nassert total([1, 2]) == 3\n";
let dir: string;
let dataDir: string;
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};

beforeAll(() => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync("flock", ["/tmp/tracetune-build.lock", process.execPath, "scripts/build.mjs"], { stdio: "inherit" });
  dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-repair-cli-"));
  dataDir = path.join(dir, "data");
  file("p.py", buggy);
  file("t.py", tests);
});

describe("tracetune repair --completions", () => {
  it("judges every good line, lists bad lines in skipped and on stderr with their line numbers, exit 0 when one passes", () => {
    const lines = [
      JSON.stringify({ text: `Rationale: it subtracts.\nFixed program:\n${fence}python\n${fixed}${fence}` }),
      "{not json",
      JSON.stringify({ completion: "no text field" }),
      "",
      JSON.stringify({ text: "It should add." }),
      JSON.stringify({ text: `${fence}python\n${buggy}${fence}` }),
      JSON.stringify({ text: `${fence}python\ndef total(xs):\n    return sum(xs`, finish_reason: "length" }),
    ];
    const result = tracetune(["repair", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--completions", file("c.jsonl", lines.join("\n") + "\n"), "--json"]);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.samples.map((s: { index: number; verdict: string; reason?: string }) => [s.index, s.verdict, s.reason])).toEqual([
      [0, "pass", undefined], [1, "unparsable", "no_code"], [2, "fail", undefined], [3, "unparsable", "truncated"],
    ]);
    expect(output.samples[0]).toMatchObject({ code: fixed, rationale: "it subtracts.", claims: [], checkScore: null });
    expect(output.samples[0].tests).toHaveLength(3);
    expect(output.samples[2].tests.map((t: { passed: boolean }) => t.passed)).toEqual([true, false, false]);
    expect(output.skipped).toEqual([{ line: 2, reason: expect.stringContaining("not valid JSON") }, { line: 3, reason: 'no "text" string' }]);
    expect(result.stderr).toContain("c.jsonl:2: skipped: not valid JSON");
    expect(result.stderr).toContain('c.jsonl:3: skipped: no "text" string');
  });

  it("exit 1 when no sample passes", () => {
    const result = tracetune(["repair", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--completions", file("none.jsonl", JSON.stringify({ text: `${fence}python\n${buggy}${fence}` }) + "\n"), "--json"]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ samples: [{ index: 0, verdict: "fail" }], skipped: [] });
  });

  it("exit 3 when no line is usable or a file is missing", () => {
    const bad = tracetune(["repair", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--completions", file("bad.jsonl", "nope\n[1]\n"), "--json"]);
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout)).toMatchObject({ samples: [], skipped: [{ line: 1 }, { line: 2, reason: "not a JSON object" }] });
    const missing = tracetune(["repair", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--completions", path.join(dir, "missing.jsonl"), "--json"]);
    expect(missing.status).toBe(3);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: "invalid_input", message: expect.stringContaining("missing.jsonl") });
    const noProgram = tracetune(["repair", "--program", path.join(dir, "absent.py"), "--tests", path.join(dir, "t.py"), "--completions", path.join(dir, "c.jsonl")]);
    expect(noProgram.status).toBe(3);
    expect(noProgram.stderr).toContain("absent.py");
  });

  it("usage errors exit 2 naming what is wrong", () => {
    const cases: Array<[string[], string]> = [
      [["repair", "--tests", "t.py", "--completions", "c.jsonl"], "--program FILE --tests FILE, or --task ID"],
      [["repair", "--program", "p.py", "--completions", "c.jsonl"], "--program needs --tests"],
      [["repair", "--program", "p.py", "--tests", "t.py"], "--model FILE"],
      [["repair", "--program", "p.py", "--tests", "t.py", "--model", "m.gguf", "--engine", "http://127.0.0.1:1"], "cannot be used with option '--model"],
      [["repair", "--program", "p.py", "--tests", "t.py", "--engine-model", "x", "--completions", "c.jsonl"], "--engine-model needs --engine"],
      [["repair", "--program", "p.py", "--tests", "t.py", "--model", "m.gguf", "--k", "0"], "--k"],
      [["repair", "--program", "p.py", "--tests", "t.py", "--model", "m.gguf", "--trace", "json"], "--trace"],
    ];
    for (const [args, message] of cases) {
      const result = tracetune(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toContain(message);
    }
  });

  it("a model file that is not GGUF is bad input (exit 3) naming it", () => {
    const result = tracetune(["repair", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--model", file("fake.gguf", "not a model"), "--json"]);
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout).error.message).toContain("fake.gguf");
  });
});
