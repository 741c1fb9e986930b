// `render --tests` as a reader uses it: a passing program says so; a failing one shows expected and actual.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedOfTest } from "../../../native/trace/common/expectedOfTest.js";

let dir: string;
const tracetune = (...args: string[]) => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", path.join(dir, "data"), ...args], { encoding: "utf8", timeout: 180_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-render-tests-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("expectedOfTest", () => {
  it("takes the side of a comparison without the call, as written", () => {
    expect(expectedOfTest({ statement: "assert f(3) == [1, 2]", calledName: "f" })).toBe("[1, 2]");
    expect(expectedOfTest({ statement: "assert 'a,b' == f(3), 'msg, with comma'", calledName: "f" })).toBe("'a,b'");
    expect(expectedOfTest({ statement: "assert f(3) != 0", calledName: "f" })).toBe("not 0");
    expect(expectedOfTest({ statement: "    assert candidate([1, 2]) == g(1)", calledName: "candidate" })).toBe("g(1)");
    expect(expectedOfTest({ statement: "assert f(x <= 2) == (1 == 1)", calledName: "f" })).toBe("(1 == 1)");
    expect(expectedOfTest({ statement: "assert f(3)", calledName: "f" })).toBe("a true value");
    expect(expectedOfTest({ statement: "assert not f(3)", calledName: "f" })).toBe("a false value");
    expect(expectedOfTest({ statement: "assert math.isclose(f(3), 0.5)", calledName: "f" })).toBe("a true value");
    expect(expectedOfTest({ statement: "check(f)", calledName: "f" })).toBeNull();
  });
});

describe("tracetune render --tests", () => {
  it("says so when every test passes (text and --json)", () => {
    const program = file("good.py", "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n");
    const tests = file("tests.py", "assert f(0) == 0\nassert f(3) == 3\n");
    const text = tracetune("render", "--program", program, "--tests", tests);
    expect(text).toMatchObject({ code: 0, stdout: "all 2 test(s) pass (verdict pass): no failing call to trace\n" });
    const json = tracetune("--json", "render", "--program", program, "--tests", tests);
    expect(JSON.parse(json.stdout)).toEqual({ renderings: [], tests: { verdict: "pass", passed: 2, total: 2 } });
  }, 180_000);

  it("shows the failing test, what it expected and what came out; with a reference, the reference's outcome", () => {
    const program = file("bad.py", "def f(n):\n    s = 0\n    for i in range(n):\n        s -= i\n    return s\n");
    const tests = file("tests2.py", "assert f(0) == 0\nassert f(3) == 3\n");
    const text = tracetune("render", "--program", program, "--tests", tests);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("# failing test: assert f(3) == 3\n# expected: 3\n# actual: -3\n# f(3) returned -3;");
    const reference = file("ref.py", "def f(n):\n    return sum(range(n))\n");
    const json = JSON.parse(tracetune("--json", "render", "--program", program, "--tests", tests, "--reference", reference).stdout);
    expect(json.tests).toEqual({ verdict: "fail", passed: 1, total: 2 });
    expect(json.renderings[0]).toMatchObject({ call: "f(3)", test: "assert f(3) == 3", expected: "returned 3", actual: "-3", outcome: "returned -3" });
  }, 180_000);
});
