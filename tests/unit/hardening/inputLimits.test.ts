import { spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobContext } from "../../../native/common/jobs.js";
import { createCore } from "../../../native/core/createCore.js";
import { PythonRuntime } from "../../../native/python/index.js";
import { defaultInputLimits } from "../../../native/storage/inputLimits.js";
import { readLimitedLines } from "../../../native/storage/readLimitedLines.js";
import { importTasks } from "../../../native/tasks/importTasks.js";
import { readJsonRecords } from "../../../native/tasks/importers/readJsonRecords.js";
import { readStoreLines } from "../../../native/tasks/readStoreLines.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { datasetsDir } from "../../datasetsDir.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const job = (): JobContext => ({ signal: new AbortController().signal, progress: () => {} });
let runtime: PythonRuntime;

beforeAll(async () => {
  runtime = await PythonRuntime.start();
});
afterAll(async () => {
  await runtime?.dispose();
});

/** Writes `bytes` bytes of `fill` without holding them in memory (the test must not cost what it forbids). */
async function writeLongLine(file: string, prefix: string, bytes: number, suffix: string): Promise<void> {
  const handle = await open(file, "w");
  const block = Buffer.alloc(1 << 20, "x");
  await handle.write(prefix);
  for (let left = bytes; left > 0; left -= block.length) await handle.write(block.subarray(0, Math.min(block.length, left)));
  await handle.write(suffix);
  await handle.close();
}

/** The `count` longest lines of a gzipped JSONL file, written to a file of their own. */
async function largestRecords(file: string, dir: string, count: number): Promise<string> {
  const lines: Buffer[] = [];
  for await (const line of readLimitedLines(createReadStream(file).pipe(createGunzip()), { maxLineBytes: defaultInputLimits.maxLineBytes })) if (line.bytes) lines.push(line.bytes);
  const largest = lines.sort((a, b) => b.length - a.length).slice(0, count);
  const out = path.join(dir, "HumanEvalPlus-largest.jsonl");
  await writeFile(out, Buffer.concat(largest.flatMap((line) => [line, Buffer.from("\n")])));
  return out;
}

describe("input size limits", () => {
  it("the defaults admit every record of every shared dataset file", async () => {
    const files = (await readdir(datasetsDir)).filter((name) => /\.(jsonl|jsonl\.gz|json)$/.test(name));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const name of files) {
      let records = 0;
      for await (const record of readJsonRecords({ file: path.join(datasetsDir, name) })) {
        // MbppPlus holds Python's JSON (NaN, -Infinity): not ours to import, but no line of it may hit a limit.
        expect(record.error ?? "", `${name}:${record.line}`).not.toMatch(/limit/);
        records += 1;
      }
      expect(records, name).toBeGreaterThan(100);
    }
  });

  it("imports every importable shared dataset under the defaults, and the app's stores read back with headroom", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tt-limits-"));
    const store = await TaskStore.open({ dataDir });
    const at = (name: string) => path.join(datasetsDir, name);
    const imports: Array<[Parameters<typeof importTasks>[0]["format"], string[]]> = [
      ["humanevalfix", [at("humanevalpack-python.jsonl")]],
      ["mbpp", [at("mbpp.jsonl")]],
      ["mbpp", [at("sanitized-mbpp.json")]],
      // The largest HumanEval+ records make the largest stored lines (inputs and expected outputs); all 164 would
      // take minutes of sandbox time here, and their lines are all read under the limits in the test above.
      ["hefix-plus", [at("humanevalpack-python.jsonl"), await largestRecords(at("HumanEvalPlus.jsonl.gz"), dataDir, 3)]],
    ];
    for (const [format, files] of imports) {
      const report = await importTasks({ store, runtime: async () => runtime, format, files, validate: false, job: job(), limits: defaultInputLimits });
      expect(report.problems.filter((problem) => /limit/.test(problem.reason)), `${format} ${files.join(" ")}`).toEqual([]);
      expect(report.added, format).toBeGreaterThanOrEqual(format === "hefix-plus" ? 3 : 100);
    }
    // The app's own largest line (a HumanEval+ task with its expected outputs) stays far under the line limit.
    let longest = 0;
    for (const set of store.listSets()) {
      const file = path.join(dataDir, "tasks", set.id, "tasks.jsonl");
      const lines = await readStoreLines({ setId: set.id, file, isValue: () => true });
      expect(lines.problems).toEqual([]);
      for await (const line of readLimitedLines(createReadStream(file), { maxLineBytes: defaultInputLimits.maxLineBytes })) longest = Math.max(longest, line.bytes?.length ?? Infinity);
    }
    expect(longest).toBeGreaterThan(100_000);
    expect(longest * 4).toBeLessThan(defaultInputLimits.maxLineBytes);
  });

  it("refuses a 60 MB JSONL line by file, line and limit without holding it in memory, and imports the lines around it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-limits-"));
    const file = path.join(dir, "huge.jsonl");
    const good = (id: string) => JSON.stringify({ id, buggyProgram: `def ${id}(x):\n    return x\n`, tests: [`assert ${id}(1) == 1`] });
    await writeFile(file, good("first") + "\n");
    await writeLongLine(`${file}.part`, '{"id": "huge", "buggyProgram": "', 60_000_000, '", "tests": []}\n' + good("last") + "\n");
    await writeFile(file, Buffer.concat([await readFile(file), await readFile(`${file}.part`)]));
    expect((await stat(file)).size).toBeGreaterThan(60_000_000);

    const store = await TaskStore.open({ dataDir: dir });
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const report = await importTasks({ store, runtime: async () => runtime, format: "jsonl", files: [file], validate: false, job: job() });
    clearInterval(timer);
    expect(report.problems).toEqual([{ file, line: 2, reason: "the line is over the limit of 16 MiB (setting input.maxLineBytes)" }]);
    expect(report.added).toBe(2);
    expect(peak - before).toBeLessThan(40 << 20);
  });

  it("refuses a 30 MB one-line program by file and limit (pair import), and a record whose program is over the limit", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-limits-"));
    const program = path.join(dir, "big.py");
    await writeLongLine(program, "def big(x):\n    return x  # ", 30_000_000, "\n");
    const tests = path.join(dir, "big_tests.py");
    await writeFile(tests, "assert big(1) == 1\n");
    const store = await TaskStore.open({ dataDir: dir });
    await expect(importTasks({ store, runtime: async () => runtime, format: "pair", files: [program, tests], validate: false, job: job() })).rejects.toMatchObject({
      code: "input_too_large",
      message: `${program}: the program is 28.6 MiB, over the limit of 1 MiB (setting input.maxProgramBytes).`,
      details: { file: program, line: null, limit: "input.maxProgramBytes", limitBytes: 1 << 20 },
    });

    const records = path.join(dir, "records.jsonl");
    const long = "def long(x):\n    return x  # " + "y".repeat(2 << 20) + "\n";
    await writeFile(records, JSON.stringify({ id: "short", buggyProgram: "def short(x):\n    return x\n", tests: ["assert short(1) == 1"] }) + "\n" + JSON.stringify({ id: "long", buggyProgram: long, tests: ["assert long(1) == 1"] }) + "\n");
    const report = await importTasks({ store, runtime: async () => runtime, format: "jsonl", files: [records], validate: false, job: job() });
    expect(report.problems).toEqual([{ file: records, line: 2, reason: "the buggy program is 2.0 MiB, over the limit of 1 MiB (setting input.maxProgramBytes)" }]);
    expect(report.added).toBe(1);
  });

  it("the API refuses a program over the limit before it reaches the sandbox, naming the field and the setting", async () => {
    const core = await createCore({ dataDir: await mkdtemp(path.join(tmpdir(), "tt-limits-")), host: "cli" });
    try {
      // The limit at its lowest (64 KiB) keeps the program the sandbox runs afterwards small and the test fast.
      await core.api.updateSettings({ patch: { input: { maxProgramBytes: 64 << 10 } } });
      const program = "def f(x):\n    return x  # " + "z".repeat(100 << 10) + "\n";
      await expect(core.api.pythonExec({ program, tests: "assert f(1) == 1" })).rejects.toMatchObject({
        code: "input_too_large", message: 'Field "program" is 100.0 KiB, over the limit of 64 KiB (setting input.maxProgramBytes).',
      });
      await expect(core.api.pythonVerifyBatch({ requests: [{ program: "def f(x):\n    return x\n", tests: "assert f(1) == 1" }, { program, tests: "assert f(1) == 1" }] })).rejects.toMatchObject({
        code: "input_too_large", details: { field: "requests[1].program" },
      });
      expect((await core.api.pythonStatus()).isStarted).toBe(false);
      await core.api.updateSettings({ patch: { input: { maxProgramBytes: 1 << 20 } } });
      expect((await core.api.pythonExec({ program, tests: "assert f(1) == 1" })).verdict).toBe("pass");
    } finally {
      await core.dispose();
    }
  });

  it("the CLI refuses a 30 MB --program file by name and limit (exit 3) without reading it, and follows the setting", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-limits-"));
    const dataDir = path.join(dir, "data");
    const program = path.join(dir, "big.py");
    await writeLongLine(program, "def big(x):\n    return x  # ", 30_000_000, "\n");
    const tests = path.join(dir, "t.py");
    await writeFile(tests, "assert big(1) == 1\n");
    const exec = (file: string) => spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", dataDir, "exec", "--program", file, "--tests", tests], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    const refused = exec(program);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toBe(`tracetune: ${program}: the --program file is 28.6 MiB, over the limit of 1 MiB (setting input.maxProgramBytes).\n`);

    // The setting in force, not the default: at 64 KiB a 100 KiB program is refused too.
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, "settings.json"), JSON.stringify({ input: { maxProgramBytes: 64 << 10 } }));
    const small = path.join(dir, "small.py");
    await writeFile(small, "def big(x):\n    return x  # " + "z".repeat(100 << 10) + "\n");
    const lowered = exec(small);
    expect(lowered.status).toBe(3);
    expect(lowered.stderr).toContain("the --program file is 100.0 KiB, over the limit of 64 KiB (setting input.maxProgramBytes)");
  });

  it("a store line over the limit fails the read naming file, line and limit instead of being loaded", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-limits-"));
    const file = path.join(dir, "tasks.jsonl");
    await writeLongLine(file, '{"a": 1}\n{"b": "', 3 << 20, '"}\n');
    await expect(readStoreLines({ setId: "x", file, isValue: () => true, maxLineBytes: 1 << 20 })).rejects.toMatchObject({
      code: "input_too_large", details: { file, line: 2, limit: "input.maxLineBytes" },
    });
    expect((await readStoreLines({ setId: "x", file, isValue: () => true })).values).toHaveLength(2);
  });
});

