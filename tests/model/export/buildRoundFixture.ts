import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RepairTask } from "../../../native/api/taskTypes.js";
import type { ExecutionReceipt, RoundSampleRecord } from "../../../native/api/roundTypes.js";
import { hashTaskContent } from "../../../native/tasks/hashTaskContent.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import type { StoredRun } from "../../../native/rounds/common/storedRun.js";

/**
 * Repair-like rows: small functions with an operator, off-by-one or variable bug, the fix, and a rationale
 * in the words a model that read the trace would use. Kept samples of a round are built from these the way
 * rounds writes them (native/api/roundTypes.ts), with the prompt as a repair prompt with an inline trace.
 */
export const repairCases = [
  { name: "add_numbers", buggy: "def add_numbers(a, b):\n    return a - b", fixed: "def add_numbers(a, b):\n    return a + b", call: "add_numbers(2, 3)", trace: "a=2, b=3; returns -1", why: "The trace shows add_numbers(2, 3) returns -1: the function subtracts b instead of adding it. Using + returns 5." },
  { name: "last_item", buggy: "def last_item(xs):\n    return xs[len(xs)]", fixed: "def last_item(xs):\n    return xs[len(xs) - 1]", call: "last_item([4, 5])", trace: "xs=[4, 5]; IndexError at xs[2]", why: "The trace shows the index len(xs) = 2 is past the end of a list of two items. The last item is at len(xs) - 1." },
  { name: "count_up", buggy: "def count_up(n):\n    return list(range(1, n))", fixed: "def count_up(n):\n    return list(range(1, n + 1))", call: "count_up(3)", trace: "n=3; returns [1, 2]", why: "The trace shows count_up(3) returns [1, 2]: range stops before n, so n itself is missing. The stop must be n + 1." },
  { name: "is_even", buggy: "def is_even(n):\n    return n % 2 == 1", fixed: "def is_even(n):\n    return n % 2 == 0", call: "is_even(4)", trace: "n=4; n % 2 = 0; returns False", why: "The trace shows n % 2 is 0 for 4 but the function compares with 1, so it returns False. An even number has remainder 0." },
  { name: "max_of_two", buggy: "def max_of_two(a, b):\n    return a if a < b else b", fixed: "def max_of_two(a, b):\n    return a if a > b else b", call: "max_of_two(7, 2)", trace: "a=7, b=2; a < b is False; returns 2", why: "The trace shows max_of_two(7, 2) returns 2: the comparison is reversed. With a > b it returns 7." },
  { name: "total_price", buggy: "def total_price(price, qty):\n    total = price * qty\n    return price", fixed: "def total_price(price, qty):\n    total = price * qty\n    return total", call: "total_price(3, 4)", trace: "price=3, qty=4; total=12; returns 3", why: "The trace shows total is 12 but the function returns price, 3. It must return the variable total." },
  { name: "first_char", buggy: "def first_char(s):\n    return s[1]", fixed: "def first_char(s):\n    return s[0]", call: "first_char('abc')", trace: "s='abc'; returns 'b'", why: "The trace shows first_char('abc') returns 'b': index 1 is the second character. The first is at index 0." },
  { name: "square", buggy: "def square(x):\n    return x * 2", fixed: "def square(x):\n    return x * x", call: "square(5)", trace: "x=5; returns 10", why: "The trace shows square(5) returns 10: the function doubles x. Squaring multiplies x by itself, giving 25." },
  { name: "sum_list", buggy: "def sum_list(xs):\n    total = 0\n    for x in xs:\n        total = x\n    return total", fixed: "def sum_list(xs):\n    total = 0\n    for x in xs:\n        total = total + x\n    return total", call: "sum_list([1, 2, 3])", trace: "total=0; x=1 total=1; x=2 total=2; x=3 total=3; returns 3", why: "The trace shows total takes each item's value instead of growing: 1, 2, 3. Adding x to total gives 6." },
  { name: "min_index", buggy: "def min_index(xs):\n    return xs.index(max(xs))", fixed: "def min_index(xs):\n    return xs.index(min(xs))", call: "min_index([3, 1, 2])", trace: "xs=[3, 1, 2]; max(xs)=3; returns 0", why: "The trace shows the function looks up max(xs) = 3 at index 0. The smallest value is found with min(xs), at index 1." },
  { name: "halve", buggy: "def halve(n):\n    return n // 3", fixed: "def halve(n):\n    return n // 2", call: "halve(8)", trace: "n=8; returns 2", why: "The trace shows halve(8) returns 2: the function divides by 3. Half of n is n // 2, giving 4." },
  { name: "greet", buggy: "def greet(name):\n    return 'Hello, ' + 'name'", fixed: "def greet(name):\n    return 'Hello, ' + name", call: "greet('Ada')", trace: "name='Ada'; returns 'Hello, name'", why: "The trace shows greet('Ada') returns 'Hello, name': the quotes make name a string literal. The variable name gives 'Hello, Ada'." },
] as const;

export const fixtureSetId = "toy";

function repairPrompt(c: (typeof repairCases)[number], withTrace: boolean): RoundSampleRecord["prompt"] {
  const trace = withTrace ? `\n\nExecution trace of ${c.call}:\n# ${c.trace}` : "";
  return [
    { role: "system", content: "You fix bugs in Python functions. Explain the bug using the execution trace, then give the fixed function." },
    { role: "user", content: `The function ${c.name} fails its tests.\n\n\`\`\`python\n${c.buggy}\n\`\`\`${trace}\n\nExplain the bug, then write the fixed function in a python code block.` },
  ];
}

function receiptFor(taskId: string, seed: number, modelFile: string | null): ExecutionReceipt {
  return {
    receiptVersion: 1, codeHash: `code-${taskId}-${seed}`, testsHash: `tests-${taskId}`, taskHash: `task-${taskId}`, taskId,
    promptTemplate: { id: "next-repair-v1", hash: "template-hash" }, promptHash: `prompt-${taskId}`, traceFormat: "next",
    runtime: { pyodide: "0.0-test", tracetune: "0.1.0", sandbox: { network: "namespace", recursionLimit: 1000 }, testSeed: 0 },
    // Cast: the receipt's adapter field is being reworked by rounds (one adapter → a list); neither is read here.
    model: (modelFile ? { kind: "local", file: modelFile, fileHash: "model-hash", sizeBytes: 1, adapters: [], nodeLlamaCpp: "3.21.1" } : { kind: "engine", url: "http://127.0.0.1:8080/v1", modelId: "m", serverProps: null }) as unknown as ExecutionReceipt["model"],
    sampling: { temperature: 0.8, topP: 0.95, topK: 40, maxTokens: 256, grammarHash: null },
    limits: { timeoutMs: 4000 } as ExecutionReceipt["limits"], verdict: "pass", seed,
  };
}

/** The no-trace prompt of a fixture record, as the repair prompt builder would rebuild it. */
export function rebuildFixturePrompt(record: RoundSampleRecord): Promise<Array<{ role: "system" | "user"; content: string }>> {
  const c = repairCases.find((candidate) => `${fixtureSetId}/${candidate.name}` === record.taskId)!;
  return Promise.resolve(repairPrompt(c, false) as Array<{ role: "system" | "user"; content: string }>);
}

/**
 * A data dir with the toy task set (each case a train task; plus one dev task that is a disguised copy of
 * `contaminatedWith`'s reference when given) and `rounds` rounds of run `run`, `samplesPerTask` kept samples
 * per task and round, plus one dropped sample per task (kept: false) that an export must skip.
 */
export async function buildRoundFixture(options: { dataDir: string; run: string; rounds?: number; samplesPerTask?: number; modelFile?: string | null; contaminatedWith?: string | null; cases?: number }): Promise<{ records: RoundSampleRecord[] }> {
  const { dataDir, run, rounds = 1, samplesPerTask = 2, modelFile = null, contaminatedWith = null } = options;
  const cases = repairCases.slice(0, options.cases ?? repairCases.length);
  const store = await TaskStore.open({ dataDir });
  await store.ensureSet({ id: fixtureSetId, name: "Toy repairs", format: "jsonl", licence: "MIT", files: ["toy.jsonl"] });
  const task = (id: string, buggy: string, fixed: string, split: RepairTask["split"]): RepairTask => {
    const content = { kind: "repair" as const, description: `Fix ${id}`, prompt: null, buggyProgram: buggy, reference: fixed, entryPoint: id, tests: { kind: "asserts" as const, setup: "", asserts: ["assert True"] }, bugType: null };
    return { ...content, id: `${fixtureSetId}/${id}`, setId: fixtureSetId, split, provenance: { format: "jsonl", file: "toy.jsonl", sourceId: id, licence: "MIT" }, contentHash: hashTaskContent(content), importedAt: new Date().toISOString() };
  };
  const tasks = cases.map((c) => task(c.name, c.buggy, c.fixed, "train"));
  const copied = cases.find((c) => c.name === contaminatedWith);
  if (copied) tasks.push(task(`dev_${copied.name}`, copied.buggy.replace(/\bxs\b/g, "items"), copied.fixed.replace(/\bxs\b/g, "items"), "dev"));
  await store.appendTasks(fixtureSetId, tasks);
  await store.refreshCounts(fixtureSetId);

  const records: RoundSampleRecord[] = [];
  for (let round = 1; round <= rounds; round++) {
    const lines: RoundSampleRecord[] = [];
    for (const c of cases) {
      const taskId = `${fixtureSetId}/${c.name}`;
      for (let index = 0; index <= samplesPerTask; index++) {
        const isKept = index < samplesPerTask;
        const seed = round * 1000 + index;
        lines.push({
          run, round, taskId, sampleIndex: index, seed, verdict: isKept ? "pass" : "fail", unparsableReason: null,
          kept: isKept, keptReason: isKept ? "passed_filters" : null, droppedReason: isKept ? null : "not_passing", duplicateOf: null,
          prompt: repairPrompt(c, true), completion: `${c.why}\n\n\`\`\`python\n${isKept ? c.fixed : c.buggy}\n\`\`\``, finishReason: "stop", tokens: 80,
          rationale: index === 1 ? `${c.why} (checked against the trace)` : c.why, code: isKept ? c.fixed : c.buggy,
          tests: { total: 1, passed: isKept ? 1 : 0, failing: isKept ? [] : [0], firstFailure: null }, checkScore: 1,
          receipt: receiptFor(taskId, seed, modelFile), recordedAt: new Date().toISOString(),
        });
      }
    }
    const dir = path.join(dataDir, "rounds", run, `round-${round}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "samples.jsonl"), lines.map((line) => JSON.stringify(line) + "\n").join(""));
    records.push(...lines);
  }
  // run.json as rounds keeps it (a finished run of `rounds` rounds, every task in the hard set), so set-model
  // and the rounds API (getRoundRun, listRoundRuns) read the fixture's run like a real one.
  const model = { kind: "model" as const, path: modelFile ?? "/nonexistent/engine-run.gguf", loraAdapters: [] };
  await new RunStore({ dataDir }).writeRun({
    name: run, createdAt: new Date().toISOString(), settings: { taskSetIds: [fixtureSetId] } as unknown as StoredRun["settings"],
    baseModel: model, currentModel: model, modelHistory: [{ model, setAt: new Date().toISOString(), afterRound: 0, by: "run" }],
    targetRounds: rounds, tasks: { candidates: cases.length, selected: cases.map((c) => `${fixtureSetId}/${c.name}`), shuffleSeed: null },
    rounds: Array.from({ length: rounds }, (_, i) => ({
      round: i + 1, stage: "done", model, modelIdentity: receiptFor("", 0, modelFile).model,
      candidates: cases.map((c) => `${fixtureSetId}/${c.name}`), estimates: null, hardSetEvaluations: null,
      hardSet: cases.map((c) => `${fixtureSetId}/${c.name}`), devCheck: null, plan: null, actualMs: 0,
      startedAt: new Date().toISOString(), endedAt: new Date().toISOString(),
    })) as unknown as StoredRun["rounds"],
    state: "done", error: null,
  });
  return { records };
}
