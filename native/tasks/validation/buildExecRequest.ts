import type { RepairTask, TaskTests } from "../../api/taskTypes.js";
import type { ExecLimits, ExecRequest } from "../../python/index.js";

/**
 * The comparison EvalPlus makes between an output and its expected value (evalplus/eval/__init__.py):
 * equal, else, when floats are involved, same type and length and |out - exp| <= atol + 1e-7·|exp| per
 * element (np.allclose's rule, written out because the bundled runtime has no numpy). atol 0 on floats
 * becomes 1e-6 as there. `inf`/`nan` are defined because the expected values are Python reprs.
 */
export const ioHarness = `
import sys as _tt_sys
_tt_sys.set_int_max_str_digits(0)
def _tt_hash(out):
    import hashlib
    return hashlib.sha256(repr(out).encode()).hexdigest()
inf = float("inf")
nan = float("nan")
def _tt_is_floats(x):
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)) and x:
        return all(isinstance(i, float) for i in x)
    return False
def _tt_num_close(o, e, atol):
    try:
        return abs(o - e) <= atol + 1e-07 * abs(e)
    except TypeError:
        return False
def _tt_root(poly, args, out, exp, atol):
    # HumanEval/32: any root is right. EvalPlus checks poly(x) <= atol without abs (so any x with a very
    # negative poly(x) passes); we take |poly(x)| <= atol, or x equal to the reference's root within atol,
    # since float error leaves |poly| above atol at the reference's own root for large coefficients.
    return abs(poly(*args, out)) <= atol or _tt_same(out, exp, atol)
def _tt_same(out, exp, atol):
    if out == exp:
        return True
    if atol == 0 and _tt_is_floats(exp):
        atol = 1e-6
    if atol == 0 or type(out) != type(exp):
        return False
    if isinstance(exp, (list, tuple)):
        return len(out) == len(exp) and all(_tt_num_close(o, e, atol) for o, e in zip(out, exp))
    return _tt_num_close(out, exp, atol)
`;

/** One assert per input case; a plain `==` where no float is involved, so the runtime can show the actual value. */
export function ioAsserts(tests: Extract<TaskTests, { kind: "io" }>, entryPoint: string): string[] {
  return tests.cases.map(({ args, expected, expectedSha256 }) => {
    if (expectedSha256) return `assert _tt_hash(${entryPoint}(*${args})) == "${expectedSha256}"`;
    if (tests.comparator === "poly_root") return `assert _tt_root(poly, ${args}, ${entryPoint}(*${args}), ${expected}, ${tests.atol || 1e-6})`;
    const isFloaty = /\d\.\d|e-\d|inf|nan/.test(expected);
    return isFloaty ? `assert _tt_same(${entryPoint}(*${args}), ${expected}, ${tests.atol})` : `assert ${entryPoint}(*${args}) == ${expected}`;
  });
}

export function testCount(tests: TaskTests): number {
  if (tests.kind === "asserts") return tests.asserts.length;
  if (tests.kind === "io") return tests.cases.length;
  return 1;
}

/** The source of test `index`, for reports and the task view. */
export function testSource(task: Pick<RepairTask, "tests" | "entryPoint">, index: number): string {
  const { tests } = task;
  if (tests.kind === "asserts") return tests.asserts[index] ?? "";
  if (tests.kind === "io") return ioAsserts({ ...tests, cases: tests.cases.slice(index, index + 1) }, task.entryPoint)[0] ?? "";
  return tests.source;
}

/**
 * The sandbox request that runs `program` against a task's tests. Default time limits: 10 s for assert and
 * check tests, 120 s for io tests (a HeFix+ task runs ~1000 cases, some of them heavy).
 */
export function buildExecRequest(options: { task: Pick<RepairTask, "tests" | "entryPoint">; program: string; limits?: Partial<ExecLimits> }): ExecRequest {
  const { task, program, limits } = options;
  const { tests } = task;
  if (tests.kind === "asserts") {
    // MBPP runs `code + test_setup_code + tests`: the setup may use the program's names (tasks 367, 927 build
    // trees of its Node class), so it goes before the asserts, where the runtime runs it without counting it.
    const source = (tests.setup.trim() ? [tests.setup.replace(/\r\n?/g, "\n"), ...tests.asserts] : tests.asserts).join("\n");
    return { program, tests: source, testKind: "asserts", entryPoint: task.entryPoint, limits: { timeoutMs: 10_000, ...limits } };
  }
  if (tests.kind === "check") return { program, tests: tests.source, testKind: "check", entryPoint: task.entryPoint, limits: { timeoutMs: 10_000, ...limits } };
  return {
    program, tests: [ioHarness, ...ioAsserts(tests, task.entryPoint)].join("\n"), testKind: "asserts", entryPoint: task.entryPoint,
    limits: { timeoutMs: 120_000, maxOutputBytes: 16 << 20, memoryMb: 512, ...limits },
  };
}
