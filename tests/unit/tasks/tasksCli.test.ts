import { spawnSync } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;

/** Runs the CLI from source (tsx), as `tracetune ARGS`. */
function tracetune(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", path.join(dir, "data"), ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-tasks-cli-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("tracetune tasks", () => {
  it("import-demo, then list --json shows the set with counts per split and status", () => {
    const imported = tracetune("--json", "tasks", "import-demo");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ setId: "demo", added: 24, validated: 24, invalid: [] });
    const listed = tracetune("--json", "tasks", "list");
    expect(listed.code).toBe(0);
    const [set] = JSON.parse(listed.stdout);
    expect(set).toMatchObject({ id: "demo", count: 24, byStatus: { valid: 24, invalid: 0, pending: 0 }, licence: "MIT" });
    expect(set.bySplit.train + set.bySplit.dev + set.bySplit.test).toBe(24);
    // Tasks and validations as the app writes them are read back without a warning.
    const tasks = tracetune("--json", "tasks", "list", "--set", "demo");
    expect(tasks.stderr).toBe("");
    expect(JSON.parse(tasks.stdout)).toMatchObject({ total: 24, warnings: [] });
  });

  it("import of a file with a malformed line exits 1, names file:line, and imports the rest", async () => {
    const file = path.join(dir, "own.jsonl");
    await writeFile(file, JSON.stringify({ id: "neg", buggyProgram: "def neg(x):\n    return x\n", tests: ["assert neg(2) == -2"] }) + "\n[1, 2\n");
    const run = tracetune("tasks", "import", "--format", "jsonl", file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("set own: 2 record(s) read, 1 added, 0 updated, 0 unchanged, 1 malformed");
    expect(run.stdout).toContain(`malformed ${file}:2: not valid JSON`);
    const shown = tracetune("--json", "tasks", "show", "own/neg");
    expect(JSON.parse(shown.stdout).validation).toMatchObject({ status: "valid", buggyVerdict: "fail" });
  });

  it("list serves a set whose tasks.jsonl has bad lines, warning by file:line; repair moves them aside", async () => {
    const file = path.join(dir, "damaged.jsonl");
    await writeFile(file, ["a", "b"].map((id) => JSON.stringify({ id, buggyProgram: `def ${id}(x):\n    return x\n`, tests: [`assert ${id}(1) == 2`] }) + "\n").join(""));
    expect(tracetune("tasks", "import", "--format", "jsonl", "--no-validate", file).code).toBe(0);
    const store = path.join(dir, "data", "tasks", "damaged", "tasks.jsonl");
    await appendFile(store, '{"id": 3}\nnot json\n');
    const listed = tracetune("--json", "tasks", "list", "--set", "damaged");
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout);
    expect(page.tasks.map((t: { id: string }) => t.id)).toEqual(["damaged/a", "damaged/b"]);
    expect(page.warnings.map((w: { file: string; line: number }) => `${w.file}:${w.line}`)).toEqual([`${store}:3`, `${store}:4`]);
    expect(listed.stderr).toContain(`warning: ${store}:3: valid JSON but not a record`);
    expect(listed.stderr).toContain(`warning: ${store}:4: not valid JSON`);

    const repaired = tracetune("tasks", "repair", "damaged");
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("2 bad line(s) moved aside to");
    const rejected = /moved aside to (\S+)/.exec(repaired.stdout)![1];
    expect(rejected).toMatch(/tasks\.jsonl\.rejected-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(await readFile(rejected, "utf8")).toBe('{"id": 3}\nnot json\n');
    const after = tracetune("--json", "tasks", "list", "--set", "damaged");
    expect(after.stderr).toBe("");
    expect(JSON.parse(after.stdout)).toMatchObject({ total: 2, warnings: [] });
  });

  it("an empty file is reported by name and exits 1; every line read is counted, bad ones by line number", async () => {
    const empty = path.join(dir, "empty.jsonl");
    await writeFile(empty, "");
    const run = tracetune("tasks", "import", "--format", "jsonl", "--no-validate", empty);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("set empty: 0 record(s) read, 0 added, 0 updated, 0 unchanged, 0 malformed");
    expect(run.stdout).toContain(`  ${empty}: the file is empty (no records)`);
    const blank = path.join(dir, "blank.json");
    await writeFile(blank, "");
    const json = tracetune("--json", "tasks", "import", "--format", "jsonl", "--no-validate", blank);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ seen: 0, problems: [{ file: blank, line: null, reason: "the file is empty (no records)" }] });

    const mixed = path.join(dir, "mixed.jsonl");
    const ok = (id: string) => JSON.stringify({ id, buggyProgram: `def ${id}(x):\n    return x\n`, tests: [`assert ${id}(1) == 2`] });
    await writeFile(mixed, [ok("m1"), "", "not json", '{"id": "x"}', ok("m2"), "[1,"].join("\n") + "\n");
    const counted = tracetune("--json", "tasks", "import", "--format", "jsonl", "--no-validate", mixed);
    expect(counted.code).toBe(1);
    const report = JSON.parse(counted.stdout);
    expect(report).toMatchObject({ seen: 5, added: 2 });
    expect(report.problems.map((p: { line: number }) => p.line)).toEqual([3, 4, 6]);
  });

  it("bad input exits 3 with the reason (missing file, unknown set); an unknown format is a usage error (2)", () => {
    const format = tracetune("tasks", "import", "--format", "csv", "x.csv");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("option '--format <format>' argument 'csv' is invalid. Allowed choices are hefix-plus, humanevalfix, mbpp, jsonl, pair.");
    const missing = tracetune("tasks", "import", "--format", "jsonl", path.join(dir, "absent.jsonl"));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("absent.jsonl: no such file");
    const unknown = tracetune("tasks", "validate", "nope");
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('No task set "nope"');
  });

  it("contamination finds a renamed copy of a dev/test demo task placed in a training set", async () => {
    const listed = JSON.parse(tracetune("--json", "tasks", "list", "--set", "demo").stdout) as { tasks: Array<{ id: string; split: string }> };
    const evalTask = listed.tasks.find((task) => task.split !== "train")!;
    const source = JSON.parse(tracetune("--json", "tasks", "show", evalTask.id).stdout) as { buggyProgram: string; entryPoint: string; tests: { asserts: string[] } };
    const copy = { id: "copy", split: "train", buggyProgram: source.buggyProgram.replace(/# .*$/gm, "").replaceAll(source.entryPoint, "renamed_fn"), entryPoint: "renamed_fn", tests: source.tests.asserts.map((a) => a.replaceAll(source.entryPoint, "renamed_fn")) };
    const file = path.join(dir, "leak.jsonl");
    await writeFile(file, JSON.stringify(copy) + "\n");
    expect(tracetune("tasks", "import", "--format", "jsonl", "--no-validate", file).code).toBe(0);
    const run = tracetune("--json", "tasks", "contamination");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.pairs).toContainEqual(expect.objectContaining({ trainTaskId: "leak/copy", evalTaskId: evalTask.id, kind: "exact" }));
    expect(report.contaminatedTaskIds).toContain("leak/copy");
  });
});
