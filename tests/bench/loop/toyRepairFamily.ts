// A generated family of small repair tasks for the loop benchmark (issue 15, "a loop that moves a number"):
// six function shapes (conditional sum, conditional count, indexed sum, running maximum or minimum, arithmetic series,
// linear search), each instantiated many times with its own name, variable names and constants, and one bug
// injected per function: an operator (`+=` → `-=`, `>` → `<=`), an off-by-one (`range(len(xs))` →
// `range(len(xs) - 1)`) or a variable (`return total` → `return x`). Every bug comes with the edits a repair
// may choose among (at least four, exactly one right: the fix, and wrong edits of the same line or of other
// lines, see WrongEdits), so a grammar can restrict a random-weight model to choosing an edit. Tests and the candidates' verdicts are
// computed in the real sandbox by `checkToyTasks`, which drops any task whose bug passes or whose wrong
// candidates are not all wrong.
import { seededRandom } from "../../../native/common/seededRandom.js";
import type { BugType } from "../../../native/api/taskTypes.js";

/** One line of a function that a bug may replace, with its mutants (the other ways to write it wrongly). */
interface Site {
  line: number;
  bugType: BugType;
  mutants: string[];
}

interface Shape {
  /** The function's source lines, correct. */
  lines: string[];
  sites: Site[];
  /** Argument lists (Python source) the tests call the function with. */
  calls: string[];
  description: string;
}

export interface ToyTask {
  id: string;
  entryPoint: string;
  split: "train" | "dev";
  bugType: BugType;
  description: string;
  buggyProgram: string;
  reference: string;
  /** The buggy line as written in the buggy program. */
  buggyLine: string;
  /** The edits a repair chooses among, in a seeded random order: the fix (`isCorrect`) and wrong edits. */
  candidates: Array<{ line: string; program: string; isCorrect: boolean }>;
  /** Calls the tests make; `checkToyTasks` turns them into asserts with the reference's results. */
  calls: string[];
}

const NAMES = ["tally", "score", "weigh", "gauge", "rank", "grade", "count", "total", "measure", "rate", "sift", "probe", "scan", "check", "sum", "track"];
const NOUNS = ["points", "steps", "marks", "loads", "hits", "coins", "votes", "bids", "ticks", "drops", "laps", "cells", "pins", "bytes"];
const LISTS = ["xs", "nums", "values", "items", "data", "seq"];
const ELEMENTS = ["x", "v", "n", "item", "el", "val"];
const ACCUMULATORS = ["total", "result", "acc", "s", "out", "answer"];
const COMPARISONS = [">", ">=", "<", "<=", "==", "!="];

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function intList(random: () => number, length: number, lo: number, hi: number): string {
  return `[${Array.from({ length }, () => lo + Math.floor(random() * (hi - lo + 1))).join(", ")}]`;
}

/** List arguments with the boundary value `limit` in them, so `>` and `>=` differ on some test. */
function listCalls(random: () => number, limit: number): string[] {
  return ["[]", `[${limit}, ${limit + 2}]`, intList(random, 5, -3, 9), intList(random, 6, 0, 12), intList(random, 4, -9, 3), intList(random, 7, 1, 6)];
}

const comparisonMutants = (cmp: string, build: (op: string) => string) => COMPARISONS.filter((op) => op !== cmp).map(build);

// Constants are literals in the code (the contamination check keeps numbers and renames names), so two
// instances of a shape are the same program only when they draw the same constants and operators.

function conditionalSum(random: () => number, name: string): Shape {
  const [xs, x, acc] = [pick(random, LISTS), pick(random, ELEMENTS), pick(random, ACCUMULATORS)];
  const cmp = pick(random, [">", ">=", "<", "<="]);
  const limit = Math.floor(random() * 10);
  const test = (op: string) => `        if ${x} ${op} ${limit}:`;
  return {
    lines: [`def ${name}(${xs}):`, `    ${acc} = 0`, `    for ${x} in ${xs}:`, test(cmp), `            ${acc} += ${x}`, `    return ${acc}`],
    sites: [
      { line: 3, bugType: "operator misuse", mutants: comparisonMutants(cmp, test) },
      { line: 4, bugType: "operator misuse", mutants: [`            ${acc} -= ${x}`, `            ${acc} *= ${x}`, `            ${acc} = ${x}`, `            ${acc} += 1`] },
      { line: 5, bugType: "variable misuse", mutants: [`    return ${x}`, `    return ${limit}`, `    return ${xs}`, `    return 0`] },
    ],
    calls: listCalls(random, limit),
    description: `Return the sum of the elements of ${xs} that are ${cmp} ${limit}.`,
  };
}

function conditionalCount(random: () => number, name: string): Shape {
  const [xs, x, acc] = [pick(random, LISTS), pick(random, ELEMENTS), pick(random, ACCUMULATORS)];
  const cmp = pick(random, [">", ">=", "<", "<=", "=="]);
  const limit = 1 + Math.floor(random() * 6);
  const test = (op: string) => `        if ${x} ${op} ${limit}:`;
  return {
    lines: [`def ${name}(${xs}):`, `    ${acc} = 0`, `    for ${x} in ${xs}:`, test(cmp), `            ${acc} += 1`, `    return ${acc}`],
    sites: [
      { line: 3, bugType: "operator misuse", mutants: comparisonMutants(cmp, test) },
      { line: 4, bugType: "operator misuse", mutants: [`            ${acc} -= 1`, `            ${acc} += ${x}`, `            ${acc} = 1`, `            ${acc} += 2`] },
      { line: 1, bugType: "value misuse", mutants: [`    ${acc} = 1`, `    ${acc} = -1`, `    ${acc} = ${limit}`, `    ${acc} = len(${xs})`] },
    ],
    calls: listCalls(random, limit),
    description: `Count the elements of ${xs} that are ${cmp} ${limit}.`,
  };
}

function indexedSum(random: () => number, name: string): Shape {
  const [xs, acc] = [pick(random, LISTS), pick(random, ACCUMULATORS)];
  const weight = 1 + Math.floor(random() * 5);
  const start = Math.floor(random() * 4);
  const term = weight === 1 ? `${xs}[i]` : `${xs}[i] * ${weight}`;
  return {
    lines: [`def ${name}(${xs}):`, `    ${acc} = ${start}`, `    for i in range(len(${xs})):`, `        ${acc} += ${term}`, `    return ${acc}`],
    sites: [
      { line: 2, bugType: "value misuse", mutants: [`    for i in range(len(${xs}) - 1):`, `    for i in range(1, len(${xs})):`, `    for i in range(len(${xs}) + 1):`, `    for i in range(2, len(${xs})):`] },
      { line: 3, bugType: "variable misuse", mutants: [`        ${acc} += ${term.replace("[i]", "[i - 1]")}`, `        ${acc} += ${term.replace("[i]", "[0]")}`, `        ${acc} += ${term.replace(`${xs}[i]`, "i")}`, `        ${acc} -= ${term}`] },
      { line: 4, bugType: "variable misuse", mutants: [`    return i`, `    return ${xs}`, `    return len(${xs})`, `    return ${acc} - 1`] },
    ],
    calls: listCalls(random, 3),
    description: `Return ${start} plus ${weight === 1 ? "" : `${weight} times `}the sum of ${xs}, adding them by index.`,
  };
}

function runningExtreme(random: () => number, name: string): Shape {
  const [xs, x] = [pick(random, LISTS), pick(random, ELEMENTS)];
  const best = pick(random, ["best", "top", "peak", "edge"]);
  const isMax = random() < 0.5;
  const floor = Math.floor(random() * 11) - 5;
  const cmp = isMax ? ">" : "<";
  const test = (op: string) => `        if ${x} ${op} ${best}:`;
  return {
    lines: [`def ${name}(${xs}):`, `    ${best} = ${floor}`, `    for ${x} in ${xs}:`, test(cmp), `            ${best} = ${x}`, `    return ${best}`],
    sites: [
      { line: 3, bugType: "operator misuse", mutants: comparisonMutants(cmp, test).filter((line) => !line.includes(`${cmp}=`)) },
      { line: 1, bugType: "value misuse", mutants: [`    ${best} = ${floor + 1}`, `    ${best} = ${floor - 1}`, `    ${best} = ${floor * 2 + 3}`, `    ${best} = ${-floor + (floor === 0 ? 4 : 0)}`] },
      { line: 5, bugType: "variable misuse", mutants: [`    return ${x}`, `    return ${floor}`, `    return ${xs}`, `    return ${best} + 1`] },
    ],
    calls: ["[]", `[${floor}]`, `[${floor - 1}, ${floor + 1}]`, "[3, 9, 2]", "[-5, -2, -8]", "[4, 4, 1, 6, 6]", "[10, 1, 2, 3, -7]"],
    description: `Return the ${isMax ? "largest" : "smallest"} element of ${xs}, or ${floor} when ${isMax ? "no element is larger" : "no element is smaller"}.`,
  };
}

function arithmeticSeries(random: () => number, name: string): Shape {
  const acc = pick(random, ACCUMULATORS);
  const step = 1 + Math.floor(random() * 5);
  const start = Math.floor(random() * 4);
  const term = step === 1 ? "i" : `i * ${step}`;
  return {
    lines: [`def ${name}(n):`, `    ${acc} = ${start}`, `    for i in range(1, n + 1):`, `        ${acc} += ${term}`, `    return ${acc}`],
    sites: [
      { line: 2, bugType: "value misuse", mutants: [`    for i in range(1, n):`, `    for i in range(2, n + 1):`, `    for i in range(1, n + 2):`, `    for i in range(1, n - 1):`] },
      { line: 3, bugType: "operator misuse", mutants: [`        ${acc} -= ${term}`, `        ${acc} *= ${term}`, `        ${acc} = ${term}`, `        ${acc} += ${term} + 1`] },
      { line: 4, bugType: "variable misuse", mutants: [`    return i`, `    return n`, `    return ${acc} + 1`, `    return ${acc} // 2`] },
    ],
    calls: ["0", "1", "2", "5", "7", "10"],
    description: `Return ${start} + ${step} * (1 + 2 + ... + n).`,
  };
}

function linearSearch(random: () => number, name: string): Shape {
  const xs = pick(random, LISTS);
  const cmp = pick(random, ["==", ">=", ">"]);
  const missing = pick(random, ["-1", `len(${xs})`, "None"]);
  const test = (op: string) => `        if ${xs}[i] ${op} target:`;
  return {
    lines: [`def ${name}(${xs}, target):`, `    for i in range(len(${xs})):`, test(cmp), `            return i`, `    return ${missing}`],
    sites: [
      { line: 1, bugType: "value misuse", mutants: [`    for i in range(len(${xs}) - 1):`, `    for i in range(1, len(${xs})):`, `    for i in range(len(${xs}) + 1):`, `    for i in range(2, len(${xs})):`] },
      { line: 2, bugType: "operator misuse", mutants: comparisonMutants(cmp, test) },
      { line: 3, bugType: "variable misuse", mutants: [`            return target`, `            return ${xs}[i]`, `            return i + 1`, `            return i - 1`] },
    ],
    calls: ["[], 3", "[3], 3", "[5, 1, 4], 4", "[2, 2, 9], 2", "[1, 2, 3, 4, 5, 6], 6", "[8, 6, 7], 1", "[0, 5, 0], 0", "[9, 3, 7], 5"],
    description: `Return the index of the first element of ${xs} ${{ "==": "equal to", ">=": "at least", ">": "above" }[cmp]} target, or ${missing} when there is none.`,
  };
}

const SHAPES = [conditionalSum, conditionalCount, indexedSum, runningExtreme, arithmeticSeries, linearSearch];

/**
 * Where a task's wrong candidates come from:
 * - "same-line": the buggy line's other mutants (`range(len(xs) + 1)` beside `range(len(xs) - 1)`): the choice
 *   is how to fix the line. They share more text with the bug than the fix does, so a model that copies the
 *   prompt's program prefers them.
 * - "other-lines": the bug left in place and another line mutated instead: the choice is which line to fix
 *   (localisation, what a trace is for). Copying the prompt agrees with the fix on every line but the buggy one.
 */
export type WrongEdits = "same-line" | "other-lines";

/** Wrong candidates a task offers beside the fix ("other-lines" draws this many from the other sites' mutants). */
const WRONG_CANDIDATES = 4;

/**
 * `count` tasks: shapes in turn, each with a fresh name, names, constants and one injected bug, the site and
 * mutant chosen at random (seeded). The first `devCount` are the dev split; dev and train functions never
 * share a name (`dropDevTwins` then drops training tasks whose code is a near-duplicate of a dev task's).
 */
export function generateToyTasks(options: { count: number; devCount: number; seed: number; wrongEdits?: WrongEdits }): ToyTask[] {
  const { wrongEdits = "other-lines" } = options;
  const random = seededRandom(options.seed);
  const tasks: ToyTask[] = [];
  for (let index = 0; index < options.count; index++) {
    const entryPoint = `${pick(random, NAMES)}_${pick(random, NOUNS)}_${index}`;
    const shape = SHAPES[index % SHAPES.length](random, entryPoint);
    const site = pick(random, shape.sites);
    const bugIndex = Math.floor(random() * site.mutants.length);
    const buggyLine = site.mutants[bugIndex];
    const edit = (lines: string[], at: number, line: string) => lines.map((text, n) => (n === at ? line : text));
    const buggy = edit(shape.lines, site.line, buggyLine);
    const source = (lines: string[]) => lines.join("\n") + "\n";
    const correct = shape.lines[site.line];
    const wrong = wrongEdits === "same-line"
      ? site.mutants.filter((_, at) => at !== bugIndex).map((line) => ({ line, program: source(edit(buggy, site.line, line)) }))
      : shuffled(random, shape.sites.filter((other) => other.line !== site.line).flatMap((other) => other.mutants.map((line) => ({ line, program: source(edit(buggy, other.line, line)) })))).slice(0, WRONG_CANDIDATES);
    tasks.push({
      id: `toy/${entryPoint}`,
      entryPoint,
      split: index < options.devCount ? "dev" : "train",
      bugType: site.bugType,
      description: shape.description,
      buggyProgram: source(buggy),
      reference: source(shape.lines),
      buggyLine,
      candidates: shuffled(random, [{ line: correct, program: source(shape.lines), isCorrect: true }, ...wrong.map((candidate) => ({ ...candidate, isCorrect: false }))]),
      calls: shape.calls,
    });
  }
  return tasks;
}

/** A seeded Fisher-Yates shuffle (a copy): the grammar's order of alternatives says nothing about which is right. */
function shuffled<T>(random: () => number, items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
