// Verdict integrity in bulk: ~300 programs through verifyMany on one interpreter, every hostile program of the
// catalogue (hostileCases.ts) hidden among plainly wrong and plainly right ones, in a seeded shuffled order and
// again in the reverse order. Whatever ran before it, every wrong program fails, every right one passes, and
// no hostile one passes (a route the catalogue marks as leading nowhere may leave its right program passing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecRequest, PythonRuntime } from "../../../../native/python/index.js";
import { hostileCases } from "./hostileCases.js";
import { describeResult, fastLimits, seededRandom, shuffled, startIntegrityRuntime } from "./integrityFixtures.js";

const SEED = 20_240_611;

let python: PythonRuntime;
beforeAll(async () => {
  python = await startIntegrityRuntime();
});
afterAll(async () => {
  await python?.dispose();
});

interface BatchItem {
  kind: "right" | "wrong" | "hostile";
  name: string;
  request: ExecRequest;
  /** A hostile route that leads nowhere in today's sandbox: the program stays right (pass) or is refused. */
  unreached?: boolean;
}

/** A plain task: its right body, wrong bodies (each fails an assert on the inputs `cases` draws), and its asserts. */
interface PlainTask {
  name: string;
  signature: string;
  right: string;
  wrong: string[];
  /** Inputs as Python literals, drawn so that every wrong body is wrong on at least one of them. */
  cases: (random: () => number) => string[][];
  /** The expected value of one case, as a Python expression the tests compare against. */
  expected: (args: string[]) => string;
  /** How the tests compare; default `==`. */
  compare?: (actual: string, expected: string) => string;
}

const int = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const word = (random: () => number, length: number) => Array.from({ length }, () => "bcdfghklmnprstvz"[int(random, 0, 15)]).join("");

const plainTasks: PlainTask[] = [
  {
    name: "add", signature: "add(a, b)", right: "return a + b", wrong: ["return a - b", "return a * b + 1"],
    cases: (r) => [[String(int(r, 3, 99)), String(int(r, 3, 99))], [String(int(r, -50, -3)), String(int(r, 3, 40))]],
    expected: ([a, b]) => String(Number(a) + Number(b)),
  },
  {
    name: "maximum", signature: "maximum(xs)", right: "return max(xs)", wrong: ["return xs[0]", "return min(xs)"],
    cases: (r) => [[`[${int(r, 0, 9)}, ${int(r, 20, 29)}, ${int(r, 10, 19)}]`]],
    expected: ([xs]) => String(Math.max(...JSON.parse(xs))),
  },
  {
    name: "reverse", signature: "reverse(s)", right: "return s[::-1]", wrong: ["return s", "return s[1:][::-1]"],
    cases: (r) => [[`"a${word(r, 4)}z"`]],
    expected: ([s]) => `"${JSON.parse(s).split("").reverse().join("")}"`,
  },
  {
    name: "count_vowels", signature: "count_vowels(s)", right: "return sum(c in 'aeiou' for c in s)", wrong: ["return s.count('a')", "return len(s)"],
    cases: (r) => [[`"${word(r, 3)}e${word(r, 2)}o"`]],
    expected: () => "2",
  },
  {
    name: "factorial", signature: "factorial(n)", right: "out = 1\n    for i in range(2, n + 1):\n        out *= i\n    return out", wrong: ["out = 1\n    for i in range(2, n):\n        out *= i\n    return out", "return n * (n - 1)"],
    cases: (r) => [[String(int(r, 5, 12))]],
    expected: ([n]) => String(Array.from({ length: Number(n) }, (_, i) => BigInt(i + 1)).reduce((a, b) => a * b, 1n)),
  },
  {
    name: "is_prime", signature: "is_prime(n)", right: "return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))", wrong: ["return n % 2 == 1", "return n > 1"],
    cases: (r) => [[String([9, 15, 21, 25, 27, 33][int(r, 0, 5)])], [String([7, 11, 13, 17][int(r, 0, 3)])]],
    expected: ([n]) => ([7, 11, 13, 17].includes(Number(n)) ? "True" : "False"),
  },
  {
    name: "digit_sum", signature: "digit_sum(n)", right: "return sum(int(d) for d in str(abs(n)))", wrong: ["return n % 10", "return int(str(n)[::-1])"],
    cases: (r) => [[String(int(r, 1000, 9999))]],
    expected: ([n]) => String(n.split("").reduce((a, d) => a + Number(d), 0)),
  },
  {
    name: "sort_desc", signature: "sort_desc(xs)", right: "return sorted(xs, reverse=True)", wrong: ["return sorted(xs)", "return list(xs)"],
    cases: (r) => [[`[${int(r, 0, 9)}, ${int(r, 20, 29)}, ${int(r, 10, 19)}]`]],
    expected: ([xs]) => JSON.stringify((JSON.parse(xs) as number[]).sort((a, b) => b - a)).replace(/,/g, ", "),
  },
  {
    name: "word_count", signature: "word_count(s)", right: "import collections\n    return dict(collections.Counter(s.split()))", wrong: ["return {w: 1 for w in s.split()}", "import collections\n    return dict(collections.Counter(s))"],
    cases: (r) => {
      const [a, b] = [word(r, 3), word(r, 4)];
      return [[`"${a} ${b} ${a}"`]];
    },
    expected: ([s]) => {
      const [a, b] = JSON.parse(s).split(" ");
      return `{"${a}": 2, "${b}": 1}`;
    },
  },
  {
    name: "mean", signature: "mean(xs)", right: "return sum(xs) / len(xs)", wrong: ["return sum(xs) / (len(xs) + 1)", "return max(xs) / len(xs)"],
    cases: (r) => [[`[${int(r, 1, 9)}.5, ${int(r, 10, 19)}.25, ${int(r, 20, 29)}.0]`]],
    expected: ([xs]) => `${(JSON.parse(xs) as number[]).reduce((a, b) => a + b, 0)} / 3`,
    compare: (actual, expected) => `__import__("math").isclose(${actual}, ${expected})`,
  },
  {
    name: "dedupe", signature: "dedupe(xs)", right: "seen = set()\n    return [x for x in xs if not (x in seen or seen.add(x))]", wrong: ["return sorted(set(xs))", "return list(xs)"],
    cases: (r) => {
      const twice = int(r, 20, 29);
      return [[`[${twice}, ${int(r, 0, 9)}, ${twice}]`]];
    },
    expected: ([xs]) => {
      const seen: number[] = [];
      for (const x of JSON.parse(xs) as number[]) if (!seen.includes(x)) seen.push(x);
      return `[${seen.join(", ")}]`;
    },
  },
];

/** One right and one wrong program of a plain task, with freshly drawn inputs; every few, a check harness. */
function plainPrograms(random: () => number, count: number): BatchItem[] {
  const items: BatchItem[] = [];
  for (let i = 0; items.length < count; i++) {
    const task = plainTasks[i % plainTasks.length];
    const name = task.signature.split("(")[0];
    const asserts = task.cases(random).map((args) => {
      const call = `${name}(${args.join(", ")})`;
      return task.compare ? task.compare(call, task.expected(args)) : `${call} == ${task.expected(args)}`;
    });
    const useCheck = i % 4 === 3;
    const tests = useCheck
      ? `def check(candidate):\n${asserts.map((a) => `    assert ${a.replaceAll(`${name}(`, "candidate(")}`).join("\n")}\n`
      : asserts.map((a) => `assert ${a}`).join("\n");
    const extra: Partial<ExecRequest> = useCheck ? { testKind: "check", entryPoint: name } : {};
    const define = (body: string) => `def ${task.signature}:\n    ${body}\n`;
    const wrong = task.wrong[Math.floor(i / plainTasks.length) % task.wrong.length];
    items.push({ kind: "right", name: `${name} #${i} right`, request: { program: define(task.right), tests, limits: fastLimits, ...extra } });
    items.push({ kind: "wrong", name: `${name} #${i} wrong (${wrong.split("\n")[0]})`, request: { program: define(wrong), tests, limits: fastLimits, ...extra } });
  }
  return items.slice(0, count);
}

function problemsOf(order: string, items: readonly BatchItem[], verdicts: ReadonlyArray<{ verdict: string; flags: string[]; error?: { type: string; message: string } }>): string[] {
  return items.flatMap((item, i) => {
    const result = verdicts[i];
    // A route that leads nowhere (a JsProxy that is not there) leaves a right program right: pass or violation.
    const leadsNowhere = item.kind === "hostile" && item.unreached === true;
    const isOk = item.kind === "right" ? result.verdict === "pass" : item.kind === "wrong" ? result.verdict === "fail" : leadsNowhere ? ["pass", "violation"].includes(result.verdict) : result.verdict !== "pass";
    const wanted = item.kind === "right" ? "pass" : item.kind === "wrong" ? "fail" : leadsNowhere ? "pass or violation" : "anything but pass";
    return isOk ? [] : [`${order} #${i} ${item.kind} "${item.name}": wanted ${wanted}, got ${describeResult(result as never)}`];
  });
}

describe("verdict integrity in a batch of ~300 programs on one interpreter", () => {
  const random = seededRandom(SEED);
  const hostile: BatchItem[] = hostileCases.map((c) => ({ kind: "hostile", name: `[${c.group}] ${c.name}`, request: c.request, unreached: c.expect === "unreached" }));
  const items = shuffled([...hostile, ...plainPrograms(random, 300 - hostile.length)], random);

  it(`has ${items.length} programs, every hostile route among them`, () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(items.filter((item) => item.kind === "hostile")).toHaveLength(hostileCases.length);
  });

  it(`in a shuffled order (seed ${SEED}) and then in the reverse order, every program gets the verdict it deserves`, async () => {
    const problems: string[] = [];
    for (const [order, list] of [["shuffled", items], ["reversed", [...items].reverse()]] as const) {
      const results = await python.verifyMany(list.map((item) => item.request));
      problems.push(...problemsOf(order, list, results));
    }
    expect(problems, `seed ${SEED}: ${problems.length} programs got the wrong verdict`).toEqual([]);
  }, 300_000);
});
