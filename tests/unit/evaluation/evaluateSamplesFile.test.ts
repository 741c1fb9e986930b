// Samples-file evaluation through the core's API, on the real demo set in the real sandbox: verdicts come
// from running the programs, pass@k from the counts, and the evaluation resumes from a torn samples.jsonl.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationResult, TaskView } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { passAtK } from "../../../native/evaluation/passAtK.js";
import { ensureSandboxBuilt } from "../python/ensureSandboxBuilt.js";

let core: Core;
let dataDir: string;
let tasks: TaskView[];

async function finish(core: Core, jobId: string): Promise<{ status: string; result: unknown; error: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id: jobId });
    if (job.status !== "running") return job as never;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await ensureSandboxBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), "tracetune-eval-"));
  core = await createCore({ dataDir, host: "cli" });
  const imported = await finish(core, (await core.api.importDemoTasks({ validate: true })).jobId);
  expect(imported.status).toBe("done");
  tasks = await Promise.all((await core.api.listTasks({ setId: "demo", limit: 1000 })).tasks.map((row) => core.api.getTask({ id: row.id })));
});
afterAll(async () => {
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const fenced = (rationale: string, code: string) => `${rationale}\n\n\`\`\`python\n${code}\`\`\`\n`;

describe("evaluate a samples file", () => {
  it("scores every sample in the sandbox; missing, skipped and refused k are listed, not dropped", async () => {
    const evaluated = tasks.filter((task) => task.split !== "train" && task.validation?.status === "valid");
    const train = tasks.find((task) => task.split === "train")!;
    expect(evaluated.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = evaluated;
    const lines = [
      // a: by store id: the reference (pass), the buggy program fenced in text (fail or error), text with no code
      { task_id: a.id, solution: a.reference },
      { task_id: a.id, completion: fenced("The bug is elsewhere.", a.buggyProgram!) },
      { task_id: a.id, completion: "I cannot fix this." },
      // b: by source id, 5 samples: 4 references and one that never returns (timeout is a wrong fix, not unparsable)
      ...Array.from({ length: 4 }, () => ({ task_id: b.provenance.sourceId, completion: fenced("Fixed.", b.reference!) })),
      { task_id: b.id, solution: `def ${b.entryPoint}(*args, **kwargs):\n    while True:\n        pass\n` },
      // a again: a program that defines the wrong function
      { task_id: a.id, solution: "def something_else():\n    return 1\n" },
    ].map((line) => JSON.stringify(line));
    lines.splice(3, 0, "{not json");
    lines.push(JSON.stringify({ task_id: "demo/no_such_task", solution: "x = 1" }), JSON.stringify({ task_id: train.id, solution: train.reference }), JSON.stringify({ task_id: a.id }), "");
    const file = path.join(dataDir, "samples.jsonl");
    writeFileSync(file, lines.join("\n"));

    const job = await finish(core, (await core.api.evaluate({ setId: "demo", source: { kind: "samples", file }, ks: [1, 5] })).jobId);
    expect(job.status).toBe("done");
    const result = job.result as EvaluationResult;
    const byTask = new Map(result.tasks.map((task) => [task.taskId, task]));
    expect(byTask.get(a.id)).toMatchObject({ n: 4, c: 1, verdicts: { pass: 1, unparsable: 1, missing_entry_point: 1 } });
    expect((byTask.get(a.id)!.verdicts.fail ?? 0) + (byTask.get(a.id)!.verdicts.error ?? 0)).toBe(1);
    expect(byTask.get(b.id)).toMatchObject({ n: 5, c: 4, verdicts: { pass: 4, timeout: 1 } });
    expect(result.tasks.map((task) => task.taskId)).toEqual(evaluated.filter((task) => byTask.has(task.id)).map((task) => task.id));
    expect(result.passAtK["1"]).toBeCloseTo((1 / 4 + 4 / 5) / 2, 12);
    expect(result.passAtK["5"]).toBeCloseTo(passAtK({ n: 5, c: 4, k: 5 }), 12);
    expect(result.refusedK).toEqual([{ k: 5, taskIds: [a.id] }]);
    expect(result.verdicts).toMatchObject({ pass: 5, unparsable: 1, timeout: 1, missing_entry_point: 1 });
    expect(result.missing).toEqual([c.id]);
    expect(result.missing).not.toContain(a.id);
    expect(result.missing).not.toContain(train.id);
    expect(result.skipped.map((entry) => entry.line)).toEqual([4, 11, 12, 13]);
    expect(result.skipped[0].reason).toMatch(/not valid JSON/);
    expect(result.skipped[1].reason).toMatch(/unknown task_id "demo\/no_such_task"/);
    expect(result.skipped[2].reason).toMatch(/in split train/);
    expect(result.skipped[3].reason).toMatch(/exactly one of "completion" and "solution"/);
    expect(result.isComplete).toBe(true);
    const stored = readFileSync(path.join(dataDir, "evaluations", result.evaluationId, "samples.jsonl"), "utf8").trim().split("\n");
    expect(stored).toHaveLength(9);
    expect(JSON.parse(readFileSync(path.join(dataDir, "evaluations", result.evaluationId, "summary.json"), "utf8")).passAtK).toEqual(result.passAtK);
  });

  it("resumes after a crash: a torn last line is redone, nothing is verified twice, the result is the same", async () => {
    const [{ id }] = await core.api.listEvaluations();
    const first = await core.api.getEvaluation({ id });
    const samplesFile = path.join(dataDir, "evaluations", id, "samples.jsonl");
    const text = readFileSync(samplesFile, "utf8");
    const keep = text.trimEnd().split("\n").slice(0, 6).join("\n") + "\n";
    // A crash mid-append: six whole records and half of the seventh.
    truncateSync(samplesFile, 0);
    appendFileSync(samplesFile, keep + text.split("\n")[6].slice(0, 40));
    unlinkSync(path.join(dataDir, "evaluations", id, "summary.json"));
    const again = await finish(core, (await core.api.evaluate({ setId: "demo", source: { kind: "samples", file: (first.config.source as { file: string }).file }, ks: [1, 5] })).jobId);
    expect(again.status).toBe("done");
    const result = again.result as EvaluationResult;
    expect(result.evaluationId).toBe(id);
    expect(result.passAtK).toEqual(first.passAtK);
    expect(result.tasks).toEqual(first.tasks);
    const lines = readFileSync(samplesFile, "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(9);
    for (const line of lines) JSON.parse(line);
    expect(lines.slice(0, 6).join("\n") + "\n").toBe(keep);
  });

  it("re-scores with other ks from the stored samples alone", async () => {
    const [{ id }] = await core.api.listEvaluations();
    const rescored = await core.api.rescoreEvaluation({ id, ks: [1, 2, 3] });
    const b = rescored.tasks.find((task) => task.n === 5)!;
    expect(b.c).toBe(4);
    expect(Object.keys(rescored.passAtK)).toEqual(["1", "2", "3"]);
    expect(rescored.refusedK).toEqual([]);
    expect(rescored.passAtK["2"]).toBeCloseTo((passAtK({ n: 4, c: 1, k: 2 }) + 1) / 2, 12);
    expect((await core.api.getEvaluation({ id })).passAtK).toEqual(rescored.passAtK);
  });

  it("refuses an explicit id that exists with other sampling settings, naming them", async () => {
    const task = tasks.find((candidate) => candidate.split !== "train" && candidate.validation?.status === "valid")!;
    const file = path.join(dataDir, "one.jsonl");
    writeFileSync(file, JSON.stringify({ task_id: task.id, solution: task.reference }) + "\n");
    const first = await finish(core, (await core.api.evaluate({ setId: "demo", source: { kind: "samples", file }, id: "mine" })).jobId);
    expect(first.status).toBe("done");
    await expect(core.api.evaluate({ setId: "demo", source: { kind: "samples", file }, splits: ["dev", "test", "train"], id: "mine" })).rejects.toMatchObject({ code: "invalid_input", details: { field: "id", changed: ["splits"] } });
    // Other ks only re-score: allowed.
    expect((await finish(core, (await core.api.evaluate({ setId: "demo", source: { kind: "samples", file }, ks: [1], id: "mine" })).jobId)).status).toBe("done");
  });

  it("refuses a samples file that does not exist, naming it", async () => {
    const file = path.join(dataDir, "nope.jsonl");
    await expect(core.api.evaluate({ setId: "demo", source: { kind: "samples", file } })).rejects.toMatchObject({ code: "invalid_samples_file", message: expect.stringContaining(file) });
    await expect(core.api.evaluate({ setId: "demo", source: { kind: "samples", file }, ks: [0] })).rejects.toMatchObject({ code: "invalid_input", details: { field: "ks" } });
  });
});
