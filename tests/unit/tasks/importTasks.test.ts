import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobContext, JobState } from "../../../native/common/jobs.js";
import { PythonRuntime } from "../../../native/python/index.js";
import { importTasks } from "../../../native/tasks/importTasks.js";
import { resolveDemoTasksFile } from "../../../native/tasks/resolveDemoTasksFile.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { bugTypes } from "../../../native/api/taskTypes.js";
import { datasetsDir } from "../../datasetsDir.js";

const datasets = datasetsDir;
let runtime: PythonRuntime;

function job(): JobContext & { seen: Array<[number, number | null | undefined]> } {
  const seen: Array<[number, number | null | undefined]> = [];
  return { signal: new AbortController().signal, progress: (done, total) => void seen.push([done, total]), seen };
}

async function freshStore(): Promise<{ store: TaskStore; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "tt-tasks-"));
  return { store: await TaskStore.open({ dataDir: dir }), dir };
}

beforeAll(async () => {
  runtime = await PythonRuntime.start();
});
afterAll(async () => {
  await runtime?.dispose();
});

describe("importTasks", () => {
  it("imports and validates the demo set (24 tasks, 4 per bug type, all valid); a re-import changes nothing", async () => {
    const { store, dir } = await freshStore();
    const report = await importTasks({ store, runtime: async () => runtime, format: "demo", files: [resolveDemoTasksFile()], job: job() });
    expect(report).toMatchObject({ setId: "demo", seen: 24, added: 24, problems: [], invalid: [], validated: 24 });
    const views = await store.views(["demo"]);
    for (const type of bugTypes) expect(views.filter((task) => task.bugType === type)).toHaveLength(4);
    expect(views.every((task) => task.validation?.status === "valid" && task.validation.failingCount > 0)).toBe(true);
    const splits = views.map((task) => [task.id, task.split]);

    const reopened = await TaskStore.open({ dataDir: dir });
    const again = await importTasks({ store: reopened, runtime: async () => runtime, format: "demo", files: [resolveDemoTasksFile()], job: job() });
    expect(again).toMatchObject({ seen: 24, added: 0, updated: 0, unchanged: 24, validated: 0 });
    expect((await reopened.views(["demo"])).map((task) => [task.id, task.split])).toEqual(splits);
    expect(reopened.getSet("demo").byStatus).toEqual({ valid: 24, invalid: 0, pending: 0 });
  });

  it("reports parsing, then validating, as two phases of one job, each with its own total (24 / 24, never 48)", async () => {
    const { JobRunner } = await import("../../../native/jobs/JobRunner.js");
    const { store } = await freshStore();
    const seen: JobState[] = [];
    const runner = new JobRunner((state) => seen.push(state));
    const { id, done } = runner.start({ kind: "tasks.import", title: "Import demo" }, (context) =>
      importTasks({ store, runtime: async () => runtime, format: "demo", files: [resolveDemoTasksFile()], job: context }));
    await done;
    expect([...new Set(seen.filter((state) => state.phase).map((state) => state.phase && `${state.phase.name} ${state.phase.index}/${state.phase.count}`))]).toEqual(["Parsing 1/2", "Validating 2/2"]);
    expect(Math.max(...seen.map((state) => state.total ?? 0))).toBe(24);
    const phaseEnds = seen.filter((state, index) => seen[index + 1]?.phase?.index === 2 && state.phase?.index === 1);
    expect(phaseEnds.map((state) => [state.done, state.total])).toEqual([[24, 24]]);
    expect(runner.get(id)).toMatchObject({ status: "done", done: 24, total: 24, phase: { name: "Validating" } });
  });

  it("reports malformed lines with their numbers, imports the rest and marks a task whose buggy program passes", async () => {
    const { store, dir } = await freshStore();
    const file = path.join(dir, "mine.jsonl");
    const good = { id: "double", description: "Double x.", buggyProgram: "def double(x):\n    return x + 2\n", reference: "def double(x):\n    return x * 2\n", tests: ["assert double(3) == 6", "assert double(2) == 4"] };
    const passes = { id: "same", buggyProgram: "def same(x):\n    return x\n", tests: ["assert same(1) == 1"] };
    await writeFile(file, [JSON.stringify(good), "{not json", JSON.stringify({ id: "no-code", tests: ["assert True"] }), JSON.stringify(passes)].join("\n") + "\n");
    const report = await importTasks({ store, runtime: async () => runtime, format: "jsonl", files: [file], job: job() });
    expect(report.setId).toBe("mine");
    expect(report.added).toBe(2);
    expect(report.problems).toEqual([
      { file, line: 2, reason: expect.stringContaining("not valid JSON") },
      { file, line: 3, reason: 'field "buggyProgram" must be a string, got nothing' },
    ]);
    expect(report.invalid).toEqual([{ taskId: "mine/same", reason: "buggy_passes", detail: "the buggy program passes every test" }]);
    const task = await store.getTask("mine/double");
    expect(task.validation).toMatchObject({ status: "valid", buggyVerdict: "fail", failingTests: [0], firstFailure: { index: 0, source: "assert double(3) == 6" } });
  });

  it("imports a program + tests pair, taking the entry point from the program", async () => {
    const { store, dir } = await freshStore();
    await writeFile(path.join(dir, "absval.py"), 'def absval(x):\n    """Absolute value of x."""\n    return x if x > 0 else x\n');
    await writeFile(path.join(dir, "absval_test.py"), "import math\nassert absval(3) == 3\nassert absval(-2) == 2\n");
    const report = await importTasks({ store, runtime: async () => runtime, format: "pair", files: [path.join(dir, "absval.py"), path.join(dir, "absval_test.py")], setId: "pairs", job: job() });
    expect(report).toMatchObject({ added: 1, problems: [], invalid: [] });
    const task = await store.getTask("pairs/absval");
    expect(task).toMatchObject({ entryPoint: "absval", description: "Absolute value of x.", tests: { kind: "asserts", setup: "import math", asserts: ["assert absval(3) == 3", "assert absval(-2) == 2"] } });
    expect(task.validation).toMatchObject({ status: "valid", failingTests: [1] });
  });

  it("runs MBPP's test_setup_code after the program (task 367 builds trees of the program's Node class)", async () => {
    const { store, dir } = await freshStore();
    const lines = (await readFile(`${datasets}/mbpp.jsonl`, "utf8")).split("\n").filter((line) => /"task_id": (2|367|601),/.test(line));
    const file = path.join(dir, "mbpp.jsonl");
    await writeFile(file, lines.join("\n") + "\n");
    const report = await importTasks({ store, runtime: async () => runtime, format: "mbpp", files: [file], job: job() });
    expect(report).toMatchObject({ setId: "mbpp", added: 3, invalid: [], validated: 3 });
    expect((await store.getTask("mbpp/367")).split).toBe("test");
    expect((await store.getTask("mbpp/601")).split).toBe("train");
  });

  it("builds HeFix+ from both files: expected outputs computed once, buggy fails, reference passes (incl. find_zero)", async () => {
    const { store, dir } = await freshStore();
    const wanted = new Set([0, 32, 53]);
    const pack = (await readFile(`${datasets}/humanevalpack-python.jsonl`, "utf8")).split("\n").filter((line) => wanted.has(Number(/"task_id": "Python\/(\d+)"/.exec(line)?.[1])));
    const plus = gunzipSync(await readFile(`${datasets}/HumanEvalPlus.jsonl.gz`)).toString("utf8").split("\n").filter((line) => wanted.has(Number(/"task_id": "HumanEval\/(\d+)"/.exec(line)?.[1])));
    await writeFile(path.join(dir, "pack.jsonl"), pack.join("\n") + "\n");
    await writeFile(path.join(dir, "plus.jsonl.gz"), gzipSync(plus.join("\n") + "\n"));
    // The order of the files does not matter: each is recognised by its first record.
    const report = await importTasks({ store, runtime: async () => runtime, format: "hefix-plus", files: [path.join(dir, "plus.jsonl.gz"), path.join(dir, "pack.jsonl")], job: job() });
    // Six records read: three HumanEvalPack records paired with three HumanEval+ records.
    expect(report).toMatchObject({ setId: "hefix-plus", seen: 6, added: 3, problems: [], invalid: [], validated: 3 });
    const zero = await store.getTask("hefix-plus/HumanEval/0");
    const inputs = JSON.parse(plus.find((line) => line.includes('"HumanEval/0"'))!);
    expect(zero.tests.kind === "io" && zero.tests.cases.length).toBe(inputs.base_input.length + inputs.plus_input.length);
    // Floats stay floats: Python parsed the raw line, not JavaScript.
    expect(zero.tests.kind === "io" && zero.tests.cases[0]).toEqual({ args: "[[1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3]", expected: "True" });
    expect(zero.bugType).toBe("missing logic");
    const findZero = await store.getTask("hefix-plus/HumanEval/32");
    expect(findZero.tests.kind === "io" && findZero.tests.comparator).toBe("poly_root");
    expect(findZero.validation).toMatchObject({ status: "valid", referenceVerdict: "pass" });
    expect(zero.validation!.failingCount).toBeGreaterThan(0);
  });

  it("names a missing file", async () => {
    const { store, dir } = await freshStore();
    await expect(importTasks({ store, runtime: async () => runtime, format: "jsonl", files: [path.join(dir, "absent.jsonl")], job: job() })).rejects.toThrow(/absent\.jsonl: no such file/);
  });
});
