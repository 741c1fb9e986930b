// Shared pieces of the verdict-integrity suites (issue "Verdict integrity: no program can change its own
// verdict or anyone else's"): Python source helpers, a seeded PRNG, and the "next program" probes that every
// suite runs after a hostile program to prove the interpreter still judges honestly.
import { expect } from "vitest";
import { PythonRuntime, type ExecRequest, type ExecResult, type Verdict } from "../../../../native/python/index.js";
import { ensureSandboxBuilt } from "../ensureSandboxBuilt.js";

/** What the runtime answers, with the fields the integrity contract adds (optional until they exist). */
export type IntegrityResult = ExecResult & { violation?: string; testSeed?: string | number };

/** Short limits: no integrity case needs more than a few ms; a hung one should not hold a suite. */
export const fastLimits = { timeoutMs: 4000, interruptGraceMs: 300 } as const;

/** One warm interpreter (size 1), so every program of a suite runs in the same interpreter, in order. */
export async function startIntegrityRuntime(): Promise<PythonRuntime> {
  await ensureSandboxBuilt();
  return PythonRuntime.start({ size: 1, spares: 1 });
}

/**
 * Python source from an indented template literal: the common indentation is removed, backslashes stay as
 * written (String.raw), the result ends with one newline.
 */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const lines = String.raw({ raw: strings.raw }, ...values).replace(/^\n/, "").replace(/\s+$/, "").split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return `${lines.map((line) => line.slice(indent)).join("\n")}\n`;
}

export { seededRandom } from "../../../../native/common/seededRandom.js";

/** A copy of `items` in a Fisher-Yates order drawn from `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The task most hostile programs attack: `add`, with a plainly wrong implementation. */
export const addTests = "assert add(2, 3) == 5\nassert add(10, -4) == 6";
export const wrongAdd = py`
  def add(a, b):
      return a - b
`;
export const rightAdd = py`
  def add(a, b):
      return a + b
`;

/**
 * A probe is a plain program run right after a hostile one, in the same interpreter, with the verdict it
 * deserves. The wrong ones each lean on one part of the world a hostile program may have patched (a builtin,
 * a stdlib function, a stdlib class attribute, the random source, the judge's comparison, the tests'
 * compiled form), so a patch that outlived its run turns one of them into a pass. The "world" probe is a
 * right program whose tests check that the world behaves as documented, after a gc.collect() (which fires
 * any gc callback or finalizer a previous program left behind).
 */
export interface Probe {
  name: string;
  request: ExecRequest;
  expected: Verdict;
}

const half = (body: string) => `def half(n):\n    return ${body}\n`;
const counterTests = 'from collections import Counter\nassert count("aab") == Counter({"a": 2, "b": 1})';
const fractionTests = "from fractions import Fraction\nassert ratio(1, 2) == Fraction(1, 2)";
const randomTests = "import random\na = random.randint(1, 10**6)\nb = random.randint(1, 10**6)\nassert add(a, b) == a + b";
const checkTests = "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(10, -4) == 6\n";

/** The world as the tests were written for it; any patch that outlived its run breaks one of these. */
export const worldFingerprintTests = py`
  import builtins, collections, fractions, json, math, random, statistics
  assert ident(1) == 1
  assert abs(-3) == 3 and abs(0.5 - 2) == 1.5
  assert math.isclose(1.0, 1.1) is False and math.isclose(2.0, 2.0) is True
  assert random.Random(5).randint(1, 10**6) == 653160
  assert len({random.randint(1, 10**9) for _ in range(8)}) > 1
  assert collections.Counter("ab") != collections.Counter("abb") and not (collections.Counter("a") == collections.Counter("b"))
  assert fractions.Fraction(1, 2) != fractions.Fraction(1, 3) and fractions.Fraction(2, 4) == fractions.Fraction(1, 2)
  assert sorted([3, 1, 2]) == [1, 2, 3] and len([1, 2]) == 2 and str(5) == "5" and "ab".upper() == "AB"
  assert statistics.median([3, 1, 2]) == 2
  assert json.dumps({"a": 1}) == '{"a": 1}'
  assert type(ident(1)) is int and isinstance(ident(1), int)
`;

export const probes: readonly Probe[] = [
  { name: "world fingerprint (right, after gc.collect)", request: { program: "import gc\ngc.collect()\ndef ident(x):\n    return x\n", tests: worldFingerprintTests }, expected: "pass" },
  { name: "add (wrong)", request: { program: wrongAdd, tests: addTests }, expected: "fail" },
  { name: "add (right)", request: { program: rightAdd, tests: addTests }, expected: "pass" },
  { name: "check harness that calls check (wrong)", request: { program: wrongAdd, tests: `${checkTests}check(add)\n`, testKind: "check" }, expected: "fail" },
  { name: "check harness the runner calls (wrong)", request: { program: wrongAdd, tests: checkTests, testKind: "check", entryPoint: "add" }, expected: "fail" },
  { name: "check harness the runner calls (right)", request: { program: rightAdd, tests: checkTests, testKind: "check", entryPoint: "add" }, expected: "pass" },
  { name: "abs in the tests (wrong)", request: { program: half("0"), tests: "assert abs(half(3) - 1.5) < 1e-9" }, expected: "fail" },
  { name: "math.isclose in the tests (wrong)", request: { program: half("0"), tests: "import math\nassert math.isclose(half(3), 1.5)" }, expected: "fail" },
  { name: "random inputs in the tests (wrong)", request: { program: "def add(a, b):\n    return 2\n", tests: randomTests }, expected: "fail" },
  { name: "Counter equality (wrong)", request: { program: "from collections import Counter\ndef count(s):\n    return Counter()\n", tests: counterTests }, expected: "fail" },
  { name: "Fraction equality (wrong)", request: { program: "from fractions import Fraction\ndef ratio(a, b):\n    return Fraction(0)\n", tests: fractionTests }, expected: "fail" },
  { name: "statistics.median in the tests (wrong)", request: { program: "def my_median(xs):\n    return 0\n", tests: "import statistics\nassert my_median([3, 1, 2]) == statistics.median([3, 1, 2])" }, expected: "fail" },
  { name: "json.dumps in the tests (wrong)", request: { program: "def encode(x):\n    return ''\n", tests: 'import json\nassert encode([1]) == json.dumps([1])' }, expected: "fail" },
  { name: "always-equal object (wrong)", request: { program: "class T:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\ndef add(a, b):\n    return T()\n", tests: addTests }, expected: "fail" },
  { name: "import js, caught (violation)", request: { program: `try:\n    import js\nexcept BaseException:\n    pass\n${rightAdd}`, tests: addTests }, expected: "violation" },
];

/** Probe requests with short limits, in order. */
export function probeRequests(): ExecRequest[] {
  return probes.map((probe) => ({ ...probe.request, limits: fastLimits }));
}

/** "probe X: expected fail, got pass" for every probe whose verdict is not the one it deserves (fake-pass probe: any non-pass). */
export function probeProblems(results: readonly IntegrityResult[], offset = 0): string[] {
  return probes.flatMap((probe, i) => {
    const result = results[offset + i];
    const isOk = probe.name.startsWith("always-equal") ? result.verdict !== "pass" : result.verdict === probe.expected;
    if (isOk) return [];
    const failed = result.tests.find((test) => !test.passed)?.source;
    const error = result.error ? ` (${result.error.type}: ${result.error.message.slice(0, 120)})` : "";
    return [`next program "${probe.name}": expected ${probe.expected}, got ${result.verdict}${error}${failed ? ` at ${failed}` : ""}`];
  });
}

/** Runs every probe in the same interpreter and returns what went wrong (empty when all got their verdict). */
export async function nextProgramProblems(python: PythonRuntime): Promise<string[]> {
  return probeProblems(await python.verifyMany(probeRequests()));
}

/** Asserts that the probes all get their verdicts; the message names each one that did not. */
export async function expectNextProgramsJudgedHonestly(python: PythonRuntime, after: string): Promise<void> {
  const problems = await nextProgramProblems(python);
  expect(problems, `after "${after}", the next programs in the same interpreter got the wrong verdicts`).toEqual([]);
}

/** A short human-readable line for a result: verdict, flags, error. */
export function describeResult(result: IntegrityResult): string {
  const error = result.error ? ` ${result.error.type}: ${result.error.message.slice(0, 160)}` : "";
  const violation = result.violation ? ` violation=${result.violation}` : "";
  return `${result.verdict} flags=[${result.flags.join(",")}]${violation}${error}`;
}
