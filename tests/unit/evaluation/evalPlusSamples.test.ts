// A samples file as EvalPlus writes it ("HumanEval/N" ids, whole-program solutions and fenced completions),
// scored against the real HumanEvalFix set (shared datasets, never committed) in the real sandbox.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationResult } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { readHumanEvalPackRecord } from "../../../native/tasks/importers/parseHumanEvalPack.js";
import { datasetsDir } from "../../datasetsDir.js";
import { ensureSandboxBuilt } from "../python/ensureSandboxBuilt.js";

let core: Core;
let dataDir: string;

async function finish(jobId: string): Promise<{ status: string; result: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status !== "running") return job as never;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await ensureSandboxBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), "tracetune-evalplus-"));
  core = await createCore({ dataDir, host: "cli" });
  // Imported without validation (164 tasks): the evaluation takes them with includeInvalid.
  expect((await finish((await core.api.importTasks({ format: "humanevalfix", files: [path.join(datasetsDir, "humanevalpack-python.jsonl")], setId: "hefix", validate: false })).jobId)).status).toBe("done");
});
afterAll(async () => {
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("an EvalPlus-style samples file on HumanEvalFix", () => {
  it("maps HumanEval/N to the set's Python/N tasks, runs each program against the real check harness, and scores it", async () => {
    const pack = readFileSync(path.join(datasetsDir, "humanevalpack-python.jsonl"), "utf8").trim().split("\n");
    const numbers = [0, 2, 11, 53, 101, 150];
    const lines = numbers.flatMap((number) => {
      const record = readHumanEvalPackRecord(JSON.parse(pack[number]));
      return [
        { task_id: `HumanEval/${number}`, solution: record.declaration + record.canonicalSolution },
        { task_id: `HumanEval/${number}`, completion: `Here is the fix.\n\`\`\`python\n${record.declaration}${record.buggySolution}\`\`\`\n` },
      ];
    });
    const file = path.join(dataDir, "samples.jsonl");
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    const job = await finish((await core.api.evaluate({ setId: "hefix", splits: ["train", "dev", "test"], includeInvalid: true, source: { kind: "samples", file }, ks: [1, 2] })).jobId);
    expect(job.status).toBe("done");
    const result = job.result as EvaluationResult;
    expect(result.skipped).toEqual([]);
    expect(result.tasks.map((task) => task.taskId).sort()).toEqual(numbers.map((number) => `hefix/Python/${number}`).sort());
    for (const task of result.tasks) {
      expect(task).toMatchObject({ n: 2, c: 1 });
      expect(task.verdicts.pass).toBe(1);
      expect(task.bugType).not.toBeNull();
    }
    expect(result.passAtK).toEqual({ "1": 0.5, "2": 1 });
    expect(result.missing).toHaveLength(164 - numbers.length);
    expect(Object.values(result.byBugType).reduce((sum, group) => sum + group.tasks, 0)).toBe(numbers.length);
  });
});
