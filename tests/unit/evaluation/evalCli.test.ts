// `tracetune eval` exactly as a user (or an acceptance check) runs it: the built CLI via bin/tracetune.mjs, a
// real data dir with the demo set, the real sandbox. Build first: flock /tmp/tracetune-build.lock npm run build.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskView } from "../../../native/api/index.js";

let dataDir: string;
const tracetune = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, ...args], { encoding: "utf8" });
const demo = readFileSync("resources/demo-tasks/demo-tasks.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line) as { id: string; reference: string; buggyProgram: string });

let evaluated: TaskView[];
beforeAll(() => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  dataDir = mkdtempSync(path.join(tmpdir(), "tracetune-eval-cli-"));
  expect(tracetune(["tasks", "import-demo"]).status).toBe(0);
  const listed = JSON.parse(tracetune(["--json", "tasks", "list", "--set", "demo", "--status", "valid"]).stdout) as { tasks: TaskView[] };
  evaluated = listed.tasks.filter((task) => task.split !== "train");
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("tracetune eval --samples", () => {
  it("prints the documented JSON (fractions, per-task n/c/verdicts, missing, skipped, refusedK) and exits 0", () => {
    const [a, b] = evaluated;
    const source = (id: string) => demo.find((task) => `demo/${task.id}` === id)!;
    const file = path.join(dataDir, "samples.jsonl");
    writeFileSync(file, [
      { task_id: a.id, completion: "Fixed:\n```python\n" + source(a.id).reference + "```" },
      { task_id: a.id, solution: source(a.id).buggyProgram },
      { task_id: source(b.id).id, solution: source(b.id).reference },
      { task_id: "nope", solution: "x = 1" },
    ].map((line) => JSON.stringify(line)).join("\n") + "\n");
    const result = tracetune(["eval", "--tasks", "demo", "--samples", file, "--k", "1,2", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    // Progress with count and rate on stderr (one line at most every 5 s when stderr is not a terminal), stdout pure JSON.
    // A rate under 1/s has two decimals (describeJobLine): a cold sandbox on a busy machine gets there.
    expect(result.stderr).toMatch(/Evaluate samples .*samples\.jsonl on demo: 3\/3 \(\d+\.\d{1,2}\/s/);
    const json = JSON.parse(result.stdout);
    expect(json.passAtK).toEqual({ "1": (1 / 2 + 1) / 2, "2": 1 });
    expect(json.tasks).toEqual([
      expect.objectContaining({ taskId: a.id, n: 2, c: 1, verdicts: expect.objectContaining({ pass: 1 }) }),
      expect.objectContaining({ taskId: b.id, n: 1, c: 1, verdicts: { pass: 1 } }),
    ]);
    expect(json.verdicts.pass).toBe(2);
    expect(json.missing).toEqual(evaluated.slice(2).map((task) => task.id));
    expect(json.skipped).toEqual([expect.objectContaining({ line: 4, taskId: "nope" })]);
    expect(json.refusedK).toEqual([{ k: 2, taskIds: [b.id] }]);

    const listed = JSON.parse(tracetune(["--json", "eval", "list"]).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: json.evaluationId, samples: 3, isComplete: true })]);
    const shown = JSON.parse(tracetune(["eval", "show", json.evaluationId, "--k", "1", "--json"]).stdout);
    expect(shown.passAtK).toEqual({ "1": 0.75 });
    const compared = JSON.parse(tracetune(["eval", "compare", json.evaluationId, json.evaluationId, "--json"]).stdout);
    expect(compared).toMatchObject({ k: 1, pairedTasks: 2, difference: 0, interval: { low: 0, high: 0 } });
  });

  it("exits 3 when nothing can be scored, saying why", () => {
    const file = path.join(dataDir, "unknown.jsonl");
    writeFileSync(file, JSON.stringify({ task_id: "HumanEval/0", solution: "x = 1" }) + "\n{oops\n");
    const result = tracetune(["eval", "--tasks", "demo", "--samples", file, "--json"]);
    expect(result.status).toBe(3);
    const json = JSON.parse(result.stdout);
    expect(json.tasks).toEqual([]);
    expect(json.skipped.map((entry: { line: number }) => entry.line)).toEqual([1, 2]);
    expect(result.stderr).toContain("nothing could be scored");
  });

  it("Ctrl-C cancels cleanly (exit 130) and leaves a resumable evaluation", async () => {
    const [a] = evaluated;
    const entry = a.entryPoint;
    const file = path.join(dataDir, "hung.jsonl");
    writeFileSync(file, Array.from({ length: 4 }, () => JSON.stringify({ task_id: a.id, solution: `def ${entry}(*args):\n    while True:\n        pass\n` })).join("\n") + "\n");
    const child = spawn(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, "eval", "--tasks", "demo", "--samples", file, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const started = Date.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(stderr).toContain("run the same command again to resume");
    const listed = JSON.parse(tracetune(["--json", "eval", "list"]).stdout) as Array<{ id: string; isComplete: boolean; source: { file?: string } }>;
    expect(listed.find((info) => info.source.file === file)).toMatchObject({ isComplete: false });
  });
});
