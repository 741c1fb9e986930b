// Verdict integrity, route by route: every hostile program of the catalogue (hostileCases.ts) must get the
// verdict the contract gives it (a violation, a flagged fake pass, or at least no pass), AND the plain programs
// run right after it in the same interpreter (integrityFixtures.ts probes) must get the verdicts they deserve.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PythonRuntime } from "../../../../native/python/index.js";
import { hostileCases, meetsExpectation, type HostileCase } from "./hostileCases.js";
import { describeResult, expectNextProgramsJudgedHonestly, fastLimits, nextProgramProblems, py, startIntegrityRuntime, type IntegrityResult } from "./integrityFixtures.js";

let python: PythonRuntime;
beforeAll(async () => {
  python = await startIntegrityRuntime();
});
afterAll(async () => {
  await python?.dispose();
});

async function restartRuntime(): Promise<void> {
  await python.dispose();
  python = await startIntegrityRuntime();
}

const wanted: Record<HostileCase["expect"], string> = {
  violation: "violation",
  fake: 'fail flagged "fake_pass", or violation',
  not_pass: "anything but pass",
  fail: "fail (the trick must change nothing)",
  unreached: "pass (the route leads nowhere) or violation",
};

const groupTitles: Record<HostileCase["group"], string> = {
  frame: "a frame of the running stack reaches the program (violation)",
  code: "a code object that is not the program's own (violation)",
  answer: "reading the expected answer from the caller (violation)",
  gc: "gc introspection (violation)",
  fake: "fake pass by behaviour, whatever the class is called or wherever it was made",
  judge: "the judge is out of reach",
  world: "tests run in the world they were written for",
  later: "code the program left behind to run later is still the program's",
  js: "reaching JavaScript (violation, even when the program catches the refusal)",
  seed: "the tests' randomness is not the program's to choose",
};

for (const [group, title] of Object.entries(groupTitles) as Array<[HostileCase["group"], string]>) {
  describe(`hostile routes: ${title}`, () => {
    for (const hostile of hostileCases.filter((c) => c.group === group)) {
      it(hostile.name, async () => {
        const result: IntegrityResult = await python.exec(hostile.request);
        const problems = meetsExpectation(hostile.expect, result) ? [] : [`the hostile program got ${describeResult(result)}; the contract wants ${wanted[hostile.expect]}`];
        const nextProblems = await nextProgramProblems(python);
        // A damaged interpreter would fail every later case too; a fresh one keeps each case's report its own.
        if (nextProblems.length > 0) await restartRuntime();
        problems.push(...nextProblems);
        expect(problems, `${hostile.name}\n--- program ---\n${hostile.request.program}\n--- tests ---\n${hostile.request.tests}`).toEqual([]);
      });
    }
  });
}

describe("hostile routes: the tests' random inputs are seeded by the runner (testSeed)", () => {
  const randomTests = "import random\na = random.randint(1, 10**6)\nb = random.randint(1, 10**6)\nassert add(a, b) == a + b";
  // Right only when the first random input is odd: without a fixed seed its verdict is a coin toss.
  const flaky = py`
    def add(a, b):
        return a + b if a % 2 else 0
  `;
  const randomConsumer = { program: "import random\nNOISE = [random.random() for _ in range(1000)]\ndef f():\n    return 1\n", tests: "assert f() == 1", limits: fastLimits };

  it("the result carries a testSeed, the same for the same program and tests, another for other tests", async () => {
    const first: IntegrityResult = await python.exec({ program: flaky, tests: randomTests, limits: fastLimits });
    await python.exec(randomConsumer);
    const second: IntegrityResult = await python.exec({ program: flaky, tests: randomTests, limits: fastLimits });
    const other: IntegrityResult = await python.exec({ program: flaky, tests: `${randomTests}\nassert add(1, 2) == 3`, limits: fastLimits });
    expect(first.testSeed, "testSeed is missing from the result").toBeDefined();
    expect(second.testSeed).toEqual(first.testSeed);
    expect(other.testSeed).not.toEqual(first.testSeed);
  });

  it("a program whose verdict depends on the random inputs gets the same verdict every time, whatever ran before", async () => {
    const verdicts: string[] = [];
    for (let i = 0; i < 6; i++) {
      verdicts.push((await python.exec({ program: flaky, tests: randomTests, limits: fastLimits })).verdict);
      for (let j = 0; j < i; j++) await python.exec(randomConsumer);
    }
    expect(new Set(verdicts).size, `verdicts: ${verdicts.join(", ")}`).toBe(1);
  });

  it("a right program with random test inputs passes, also one that seeds and uses random itself", async () => {
    const own = py`
      import random
      random.seed(7)
      ORDER = list(range(10))
      random.shuffle(ORDER)
      def add(a, b):
          return sum(sorted([a, b] + ORDER)) - sum(ORDER)
    `;
    const results = await python.verifyMany([
      { program: "def add(a, b):\n    return a + b\n", tests: randomTests, limits: fastLimits },
      { program: own, tests: randomTests, limits: fastLimits },
    ]);
    expect(results.map((r) => r.verdict), results.map(describeResult).join("\n")).toEqual(["pass", "pass"]);
    await expectNextProgramsJudgedHonestly(python, "random-input tests");
  });
});
