import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/** Runs the built CLI exactly as a user does: `node bin/tracetune.mjs …` (npm test builds first). */
const tracetune = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, ...args], { encoding: "utf8" });
let dataDir: string;
let dir: string;

beforeAll(() => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-trace-cli-"));
  dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-trace-files-"));
  writeFileSync(path.join(dir, "a.py"), "def f(n):\n    s = 0\n    for i in range(n):\n        s -= i\n    return s\n");
  writeFileSync(path.join(dir, "b.py"), "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n");
  writeFileSync(path.join(dir, "tests.py"), "assert f(0) == 0\nassert f(3) == 3\n");
});

describe("tracetune render and trace-diff", () => {
  it("trace-diff --json reports the first divergence", () => {
    const result = tracetune(["trace-diff", "--a", path.join(dir, "a.py"), "--b", path.join(dir, "b.py"), "--call", "f(3)", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: "value", index: 5, values: [{ name: "s", a: "-1", b: "1" }] });
  });

  it("render traces the first failing test and prints the inline trace with its token count", () => {
    const result = tracetune(["render", "--program", path.join(dir, "a.py"), "--tests", path.join(dir, "tests.py"), "--budget", "100"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("        s -= i  # (3); (5) s=-1; (7) s=-3\n    return s  # (9) __return__=-3\n");
    expect(result.stdout).toMatch(/# f\(3\) returned -3; \d+\/100 tokens \(estimate\), degrade level 0/);
  });

  it("a missing file or two sources at once is a clear error with exit 3; a budget below 1 is a usage error (2)", () => {
    const missing = tracetune(["render", "--program", path.join(dir, "nope.py"), "--call", "f(1)"]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain("Cannot read --program file");
    const both = tracetune(["render", "--program", path.join(dir, "a.py"), "--call", "f(1)", "--tests", path.join(dir, "tests.py"), "--json"]);
    expect(both.status).toBe(3);
    expect(JSON.parse(both.stdout).error).toMatchObject({ code: "invalid_input" });
    const badBudget = tracetune(["render", "--program", path.join(dir, "a.py"), "--call", "f(1)", "--budget", "0"]);
    expect(badBudget.status).toBe(2);
    expect(badBudget.stderr).toContain("option '--budget <tokens>' argument '0' is invalid. must be an integer >= 1.");
  });
});
