import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ImportReport } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { registerTaskSetUser } from "../../../native/tasks/setUsers.js";

let dir: string;
let core: Core;
let unregister: (() => void) | null = null;

const task = (id: string) => JSON.stringify({ id, buggyProgram: `def ${id}(x):\n    return x\n`, tests: [`assert ${id}(1) == 2`] });

async function importFile(name: string, lines: string[]): Promise<ImportReport> {
  const file = path.join(dir, name);
  await writeFile(file, lines.join("\n") + "\n");
  const { jobId } = await core.api.importTasks({ format: "jsonl", files: [file], validate: false });
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status === "done") return job.result as ImportReport;
    if (job.status !== "running") throw new Error(`import ${job.status}: ${job.error?.message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-delete-"));
  core = await createCore({ host: "cli", dataDir: path.join(dir, "data") });
});
afterEach(() => {
  unregister?.();
  unregister = null;
});
afterAll(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("deleting task sets and tasks", () => {
  it("deletes one task (and its lines in the store files), then the whole set and its folder", async () => {
    await importFile("alpha.jsonl", [task("a"), task("b"), task("c")]);
    const deletion = await core.api.deleteTask({ id: "alpha/b" });
    expect(deletion).toEqual({ setId: "alpha", taskId: "alpha/b", deletedTasks: 1, usedBy: [] });
    expect((await core.api.listTasks({ setId: "alpha" })).tasks.map((t) => t.id)).toEqual(["alpha/a", "alpha/c"]);
    expect((await core.api.listTaskSets()).find((set) => set.id === "alpha")?.count).toBe(2);
    const stored = await readFile(path.join(dir, "data", "tasks", "alpha", "tasks.jsonl"), "utf8");
    expect(stored).not.toContain('"alpha/b"');
    await expect(core.api.getTask({ id: "alpha/b" })).rejects.toMatchObject({ code: "unknown_task" });

    expect(await core.api.deleteTaskSet({ setId: "alpha" })).toMatchObject({ setId: "alpha", taskId: null, deletedTasks: 2 });
    expect((await core.api.listTaskSets()).map((set) => set.id)).not.toContain("alpha");
    expect(existsSync(path.join(dir, "data", "tasks", "alpha"))).toBe(false);
    await expect(core.api.deleteTaskSet({ setId: "alpha" })).rejects.toMatchObject({ code: "unknown_task_set" });
  });

  it("refuses to delete a set or task a run uses, listing the users, unless forced", async () => {
    await importFile("beta.jsonl", [task("a"), task("b")]);
    const seen: unknown[] = [];
    unregister = registerTaskSetUser("rounds", (query) => {
      seen.push(query);
      if (query.setId !== "beta") return [];
      if (query.taskId !== undefined && query.taskId !== "beta/a") return [];
      return [{ kind: "round", id: "run-1", title: "Run run-1, round 2 (done)", taskIds: ["beta/a"] }];
    });
    expect(await core.api.listTaskSetUsers({ setId: "beta" })).toEqual([{ kind: "round", id: "run-1", title: "Run run-1, round 2 (done)", taskIds: ["beta/a"] }]);
    expect(seen[0]).toEqual({ dataDir: path.join(dir, "data"), setId: "beta", taskId: undefined });

    await expect(core.api.deleteTaskSet({ setId: "beta" })).rejects.toMatchObject({
      code: "task_set_in_use", message: expect.stringContaining("run-1"), details: { setId: "beta", usedBy: [{ id: "run-1" }] },
    });
    await expect(core.api.deleteTask({ id: "beta/a" })).rejects.toMatchObject({ code: "task_set_in_use", details: { taskId: "beta/a" } });
    // A task no run uses goes without force; the set is still refused.
    expect((await core.api.deleteTask({ id: "beta/b" })).usedBy).toEqual([]);
    expect((await core.api.listTaskSets()).find((set) => set.id === "beta")?.count).toBe(1);

    const forced = await core.api.deleteTaskSet({ setId: "beta", force: true });
    expect(forced).toMatchObject({ deletedTasks: 1, usedBy: [{ kind: "round", id: "run-1" }] });
    expect((await core.api.listTaskSets()).map((set) => set.id)).not.toContain("beta");
  });

  it("a failed import leaves no empty set behind; an import into an existing set keeps it", async () => {
    const report = await importFile("junk.jsonl", ["def f(x):", "    return x", "print(f(1))"]);
    expect(report.added).toBe(0);
    expect((await core.api.listTaskSets()).map((set) => set.id)).not.toContain("junk");
    expect(existsSync(path.join(dir, "data", "tasks", "junk"))).toBe(false);

    await importFile("keep.jsonl", [task("a")]);
    await core.api.deleteTask({ id: "keep/a" });
    await importFile("keep.jsonl", ["not json"]);
    expect((await core.api.listTaskSets()).map((set) => set.id)).toContain("keep");
  });

  it("groups identical import errors with a count and the first lines", async () => {
    const mbppLike = Array.from({ length: 800 }, (_, i) => JSON.stringify({ task_id: i + 1, text: "Write a function.", code: "def f(): pass", test_list: [] }));
    const report = await importFile("wrong.jsonl", [...mbppLike, "{oops", "[1,"]);
    expect(report.problems).toHaveLength(802);
    expect(report.problemGroups).toHaveLength(2);
    const [missing, notJson] = report.problemGroups;
    expect(missing).toMatchObject({ count: 800, reason: expect.stringContaining('field "id"') });
    expect(missing.first.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
    expect(notJson).toMatchObject({ reason: "not valid JSON", count: 2 });
    expect(notJson.first.map((p) => p.line)).toEqual([801, 802]);
  });
});

describe("tracetune tasks delete", () => {
  const tracetune = (...args: string[]) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", path.join(dir, "cli-data"), ...args], { encoding: "utf8", timeout: 120_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it("deletes a task with --task and a set; a task of another set or an unknown set is refused", async () => {
    const file = path.join(dir, "gamma.jsonl");
    await writeFile(file, [task("a"), task("b")].join("\n") + "\n");
    expect(tracetune("tasks", "import", "--format", "jsonl", "--no-validate", file).code).toBe(0);
    // Not a terminal: it does not guess a yes, and deletes nothing without --yes.
    const unconfirmed = tracetune("tasks", "delete", "gamma", "--task", "gamma/a");
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain("tasks delete asks before deleting gamma/a; stdin is not a terminal, so pass --yes.");
    const one = tracetune("tasks", "delete", "gamma", "--task", "gamma/a", "--yes");
    expect(one).toMatchObject({ code: 0, stdout: "deleted task gamma/a from set gamma\n" });
    const wrong = tracetune("tasks", "delete", "gamma", "--task", "other/x", "--yes");
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('Task "other/x" is not in set "gamma"');
    const set = tracetune("--json", "tasks", "delete", "gamma", "--yes");
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ setId: "gamma", taskId: null, deletedTasks: 1, usedBy: [] });
    const again = tracetune("tasks", "delete", "gamma", "--yes");
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('No task set "gamma"');
  });

  it("on a terminal, asks first and deletes only on yes", async () => {
    const file = path.join(dir, "delta.jsonl");
    await writeFile(file, task("a") + "\n");
    expect(tracetune("tasks", "import", "--format", "jsonl", "--no-validate", file).code).toBe(0);
    // `script` gives the CLI a pseudo-terminal, as a user's shell does; the answer is typed ahead.
    const onTerminal = (answer: string) => spawnSync("script", ["-qec", `${process.execPath} --import tsx native/hosts/cli/tracetune.ts --data-dir ${path.join(dir, "cli-data")} tasks delete delta`, "/dev/null"], { input: answer, encoding: "utf8", timeout: 120_000 });
    const no = onTerminal("n\n");
    expect(no.status).toBe(1);
    expect(no.stdout).toContain("Delete set delta (1 task(s))? [y/N]");
    expect(no.stdout).toContain("nothing deleted");
    expect(JSON.parse(tracetune("--json", "tasks", "list").stdout).map((set: { id: string }) => set.id)).toContain("delta");
    const yes = onTerminal("y\n");
    expect(yes.status).toBe(0);
    expect(yes.stdout).toContain("deleted set delta (1 task(s))");
  });

  it("prints 800 identical errors as one line with a count and the first lines", async () => {
    const file = path.join(dir, "wrongformat.jsonl");
    await writeFile(file, Array.from({ length: 800 }, (_, i) => JSON.stringify({ task_id: i + 1, code: "x" })).join("\n") + "\n");
    const run = tracetune("tasks", "import", "--format", "jsonl", "--no-validate", file);
    expect(run.code).toBe(1);
    const problemLines = run.stdout.split("\n").filter((line) => line.startsWith("  malformed"));
    expect(problemLines).toEqual([`  malformed ${file}:1, ${file}:2, ${file}:3, ${file}:4, ${file}:5, … (800 in all): field "id" must be a string, got nothing (800x)`]);
  });
});
