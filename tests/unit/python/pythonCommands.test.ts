// The `tracetune exec` and `tracetune trace` commands, run as a user runs them (a separate process, from
// source through tsx), including the bad-input exits.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const cli = (...args: string[]) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", join(dir, "data"), ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(async () => {
  await ensureSandboxBuilt();
  dir = mkdtempSync(join(tmpdir(), "tracetune-cli-python-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tracetune exec", () => {
  it("prints the verdict as JSON and exits 0 on pass, 1 on fail", () => {
    const program = file("p.py", "def add(a, b):\n    return a + b\n");
    const pass = cli("exec", "--program", program, "--tests", file("t.py", "assert add(1, 2) == 3\n"), "--json");
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ verdict: "pass", tests: [{ passed: true }], stdout: "", flags: [] });
    expect(typeof JSON.parse(pass.stdout).elapsedMs).toBe("number");
    const fail = cli("exec", "--program", program, "--tests", file("t2.py", "assert add(1, 2) == 4\n"), "--json", "--timeout-ms", "3000", "--memory-mb", "128");
    expect(fail.code).toBe(1);
    expect(JSON.parse(fail.stdout)).toMatchObject({ verdict: "fail", tests: [{ passed: false, actual: "3" }] });
  }, 240_000);

  it("runs a check(candidate) harness with --entry", () => {
    const program = file("h.py", "def helper():\n    return 0\n\ndef inc(x):\n    return x + 1\n\ndef last():\n    pass\n");
    const tests = file("check.py", "def check(candidate):\n    assert candidate(1) == 2\n");
    const result = cli("exec", "--program", program, "--tests", tests, "--entry", "inc", "--json");
    expect(JSON.parse(result.stdout).verdict).toBe("pass");
  }, 120_000);

  it("exits 3 with one clear line for bad input", () => {
    const tests = file("ok.py", "assert True\n");
    const cases: Array<[string[], RegExp]> = [
      [["--program", join(dir, "missing.py"), "--tests", tests], /missing\.py: no such file/],
      [["--program", file("latin1.py", Buffer.from([0x78, 0x3d, 0xe9, 0x0a])), "--tests", tests], /not valid UTF-8/],
      [["--program", file("empty.py", "\n"), "--tests", tests], /is empty/],
      [["--program", file("comments.py", "# only a comment\n\n"), "--tests", tests], /is empty \(no code/],
      [["--program", file("p2.py", "x = 1\n"), "--tests", file("noassert.py", "x = 2\n")], /no assert/],
    ];
    for (const [args, message] of cases) {
      const result = cli("exec", ...args);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  }, 240_000);
});

describe("tracetune trace", () => {
  it("prints the steps with changed variables as JSON", () => {
    const program = file("f.py", "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n");
    const result = cli("trace", "--program", program, "--call", "f(2)", "--json");
    expect(result.code).toBe(0);
    const trace = JSON.parse(result.stdout);
    expect(trace).toMatchObject({ returned: "1", truncated: false });
    expect(trace.steps[0]).toMatchObject({ step: 0, line: 1, event: "call", changed: { n: "2" } });
    expect(trace.steps.at(-1)).toMatchObject({ event: "return", returned: "1" });
  }, 120_000);
});
