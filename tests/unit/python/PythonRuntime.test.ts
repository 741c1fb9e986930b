import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { ensureSandboxBuilt } from "./ensureSandboxBuilt.js";

let python: PythonRuntime;
beforeAll(async () => {
  await ensureSandboxBuilt();
  python = await PythonRuntime.start({ size: 1, spares: 1 });
});
afterAll(async () => {
  await python?.dispose();
});

const add = "def add(a, b):\n    return a + b\n";

describe("PythonRuntime.exec verdicts", () => {
  it("passes when every assert holds, with per-test results", async () => {
    const result = await python.exec({ program: add, tests: "assert add(1, 2) == 3\nassert add(-1, 1) == 0\n" });
    expect(result.verdict).toBe("pass");
    expect(result.tests).toEqual([
      { index: 0, source: "assert add(1, 2) == 3", passed: true },
      { index: 1, source: "assert add(-1, 1) == 0", passed: true },
    ]);
    expect(result.flags).toEqual([]);
  });

  it("fails naming the failing test and its actual value, and still runs the later tests", async () => {
    const result = await python.exec({ program: add, tests: "assert add(1, 2) == 3\nassert add(2, 2) == 5\nassert add(0, 0) == 0\n" });
    expect(result.verdict).toBe("fail");
    expect(result.tests.map((t) => t.passed)).toEqual([true, false, true]);
    expect(result.tests[1]).toMatchObject({ source: "assert add(2, 2) == 5", actual: "4", error: { type: "AssertionError", line: 2 } });
  });

  it("reports an exception with its type, message and program line", async () => {
    const program = "def div(a, b):\n    x = a\n    return x / b\n";
    const result = await python.exec({ program, tests: "assert div(1, 0) == 1\n" });
    expect(result.verdict).toBe("error");
    expect(result.error).toEqual({ type: "ZeroDivisionError", message: "division by zero", line: 3 });
  });

  it("reports a syntax error with its line", async () => {
    const result = await python.exec({ program: "def f(:\n    return 1\n", tests: "assert f() == 1" });
    expect(result.verdict).toBe("syntax");
    expect(result.error).toMatchObject({ type: "SyntaxError", line: 1 });
  });

  it("reports what only the compiler finds (`return` outside a function) as a syntax verdict", async () => {
    const result = await python.exec({ program: "x = 1\nreturn x\n", tests: "assert 1\n" });
    expect(result.verdict).toBe("syntax");
    expect(result.error).toMatchObject({ type: "SyntaxError", line: 2 });
    expect((await python.exec({ program: add, tests: "assert add(1, 2) == 3\n" })).verdict).toBe("pass");
  });

  it("gives each sample of one task its own verdict though their compiled tests are shared", async () => {
    const tests = "assert add(1, 2) == 3\nassert add(2, 2) == 4\n";
    const programs = [add, "def add(a, b):\n    return a * b\n", add, "class E:\n    def __eq__(self, o):\n        return True\ndef add(a, b):\n    return E()\n"];
    const results = await python.verifyMany(programs.map((program) => ({ program, tests })));
    expect(results.map((r) => r.verdict)).toEqual(["pass", "fail", "pass", "fail"]);
    expect(results[1].tests.map((t) => t.passed)).toEqual([false, true]);
    expect(results[1].tests[0]).toMatchObject({ source: "assert add(1, 2) == 3", actual: "2" });
    expect(results[3].flags).toContain("fake_pass");
    // The same text as a check harness is compiled separately (the cache key includes the test kind).
    await expect(python.exec({ program: add, tests, testKind: "check" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("reports a missing entry point for a check harness", async () => {
    const result = await python.exec({ program: add, tests: "def check(candidate):\n    assert candidate(1, 2) == 3\n", entryPoint: "plus" });
    expect(result.verdict).toBe("missing_entry_point");
  });

  it("runs a HumanEval check(candidate) harness with the detected entry point", async () => {
    const tests = "METADATA = {}\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(2, 3) == 5\n";
    expect((await python.exec({ program: "def helper():\n    pass\n\n" + add, tests })).verdict).toBe("pass");
    const wrong = await python.exec({ program: "def add(a, b):\n    return a - b\n", tests });
    expect(wrong.verdict).toBe("fail");
    expect(wrong.tests[0]).toMatchObject({ passed: false, actual: "-1" });
  });

  it("runs a harness that calls check itself (HumanEvalPack) without calling it twice", async () => {
    const tests = "def check(add):\n    assert add(1, 2) == 3\n    print('checked')\n\ncheck(add)\n";
    const result = await python.exec({ program: add, tests });
    expect(result.verdict).toBe("pass");
    expect(result.stdout).toBe("checked\n");
  });

  it("runs setup code before the program (MBPP test_setup_code)", async () => {
    const result = await python.exec({ program: "def g():\n    return K * 2\n", setup: "K = 21", tests: "assert g() == 42" });
    expect(result.verdict).toBe("pass");
  });

  it("captures stdout and stderr", async () => {
    const result = await python.exec({ program: "import sys\nprint('hello')\nprint('oops', file=sys.stderr)\n" + add, tests: "assert add(1, 1) == 2" });
    expect(result.stdout).toBe("hello\n");
    expect(result.stderr).toBe("oops\n");
  });

  it("does not count sys.exit(0) before failing asserts as a pass", async () => {
    const result = await python.exec({ program: add + "import sys\nsys.exit(0)\n", tests: "assert add(1, 1) == 3" });
    expect(result.verdict).toBe("error");
    expect(result.error?.type).toBe("SystemExit");
  });

  it("does not count a swallowed AssertionError as a pass", async () => {
    const program = add + "import builtins\nclass Quiet(BaseException): pass\nbuiltins.AssertionError = Quiet\n";
    const result = await python.exec({ program, tests: "assert add(1, 1) == 3" });
    // The tests run with pristine builtins, and changing the shared world is refused (issue 10).
    expect(result.verdict).toBe("violation");
    expect(result.error?.message).toContain("AssertionError");
  });

  it("flags an object whose __eq__ is always true as a fake pass", async () => {
    const program = "class Any:\n    def __eq__(self, other):\n        return True\n\ndef add(a, b):\n    return Any()\n";
    const result = await python.exec({ program, tests: "assert add(1, 2) == 3" });
    expect(result.verdict).toBe("fail");
    expect(result.flags).toContain("fake_pass");
  });

  it("ends a flood of output with output_limit", async () => {
    const result = await python.exec({ program: "while True:\n    print('spam' * 100)\n", tests: "assert True", limits: { maxOutputBytes: 10_000 } });
    expect(result.verdict).toBe("output_limit");
    expect(result.stdout.length).toBeLessThanOrEqual(10_000);
  });

  it("refuses tests with no assert, an empty program and unknown limit fields", async () => {
    await expect(python.exec({ program: add, tests: "x = 1\n" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(python.exec({ program: "  \n", tests: "assert 1" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(python.exec({ program: add, tests: "assert 1", limits: { timeoutMS: 5 } as never })).rejects.toMatchObject({ code: "invalid_input", details: { field: "timeoutMS" } });
  });
});

describe("PythonRuntime.run", () => {
  it("runs a module and returns its stdout", async () => {
    const result = await python.run({ program: "for i in range(3):\n    print(i * i)\n" });
    expect(result).toMatchObject({ verdict: "pass", stdout: "0\n1\n4\n", tests: [] });
  });
});

describe("isolation between runs", () => {
  it("restores builtins, sys.modules and module attributes after a run", async () => {
    const tamper = "import builtins, sys, math\nbuiltins.len = lambda x: 42\nmath.sqrt = lambda x: -1\nsys.modules['json'] = None\nLEAK = 1\nbuiltins.LEAKED = 1\n";
    expect((await python.run({ program: tamper })).verdict).toBe("pass");
    const check = "import math, json\nassert len([1, 2]) == 2\nassert math.sqrt(4) == 2\nassert json.dumps(1) == '1'\nassert 'LEAK' not in globals()\nimport builtins\nassert not hasattr(builtins, 'LEAKED')\n";
    const results = await Promise.all([python.run({ program: check }), python.run({ program: check })]);
    expect(results.map((r) => r.verdict)).toEqual(["pass", "pass"]);
  });

  it("restores os.environ, its values and its own attributes, after a run", async () => {
    const tamper = "import os\nos.environ['LEAK'] = '1'\ndel os.environ['HOME']\nos.environ.decodevalue = lambda v: 'tampered'\n";
    expect((await python.run({ program: tamper })).verdict).toBe("pass");
    const check = "import os\nprint('LEAK' in os.environ, os.environ.get('HOME'))\n";
    const results = await Promise.all([python.run({ program: check }), python.run({ program: check })]);
    expect(results.map((r) => r.stdout)).toEqual(["False /home/pyodide\n", "False /home/pyodide\n"]);
  });
});

describe("PythonRuntime.verifyMany", () => {
  it("verifies a batch across the pool, in order, with progress", async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ program: add, tests: `assert add(${i}, 1) == ${i % 2 === 0 ? i + 1 : 0}` }));
    const progress: number[] = [];
    const results = await python.verifyMany(requests, { onProgress: (done) => progress.push(done) });
    expect(results.map((r) => r.verdict)).toEqual(requests.map((_, i) => (i % 2 === 0 ? "pass" : "fail")));
    expect(progress.at(-1)).toBe(20);
  });

  it("a cancelled exec rejects with `cancelled` (not a timeout verdict)", async () => {
    const controller = new AbortController();
    const pending = python.exec({ program: "while True:\n    pass\n", tests: "assert True", limits: { timeoutMs: 20_000 } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ code: "cancelled" });
  });

  it("a timeout says so and where the program was", async () => {
    const result = await python.exec({ program: "x = 0\nwhile True:\n    x += 1\n", tests: "assert True", limits: { timeoutMs: 300 } });
    expect(result.verdict).toBe("timeout");
    expect(result.error).toMatchObject({ type: "Timeout", message: "the run took longer than 300 ms" });
    expect([2, 3]).toContain(result.error?.line);
  });

  it("stops on cancel and the pool keeps serving", async () => {
    const controller = new AbortController();
    const slow = Array.from({ length: 6 }, () => ({ program: "while True:\n    pass\n", tests: "assert True", limits: { timeoutMs: 20_000 } }));
    const pending = python.verifyMany(slow, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ code: "cancelled" });
    expect((await python.exec({ program: add, tests: "assert add(1, 1) == 2" })).verdict).toBe("pass");
  });
});
