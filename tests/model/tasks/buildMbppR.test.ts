import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobContext } from "../../../native/common/jobs.js";
import { PythonRuntime } from "../../../native/python/index.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { normalizePython } from "../../../native/tasks/contamination/normalizePython.js";
import { importTasks } from "../../../native/tasks/importTasks.js";
import { buildMbppR } from "../../../native/tasks/mbppR/buildMbppR.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { datasetsDir } from "../../datasetsDir.js";

// The tiny test model has random weights, so the grammar decides what it can write: the right program, two
// spellings of the same wrong one (dedup must merge them), another wrong one, and one that does not parse.
// One-liners: grammar-constrained decoding over the tiny model's byte-level vocabulary costs ~0.3 s a token.
const programs = {
  right: "def is_upper(s):return s.upper()",
  lower: "def is_upper(s):return s.lower()",
  lowerRenamed: "def is_upper(t):return t.lower()",
  identity: "def is_upper(s):return s",
  broken: "def is_upper(s):return s.upper(",
};
const gbnf = (text: string) => JSON.stringify(text);
const grammar = `root ::= ${Object.values(programs).map(gbnf).join(" | ")}`;

let runtime: PythonRuntime;
let backend: LocalSamplingBackend;
let modelPath: string;

function job(): JobContext {
  return { signal: new AbortController().signal, progress: () => {} };
}

beforeAll(async () => {
  modelPath = await ensureTestModel({ size: "tiny" });
  [runtime, backend] = await Promise.all([PythonRuntime.start(), LocalSamplingBackend.create({ modelPath, gpu: "cpu" })]);
});
afterAll(async () => {
  await backend?.dispose();
  await runtime?.dispose();
});

describe("buildMbppR", () => {
  it("keeps distinct failing samples of MBPP train problems as repair tasks, records the settings, and resumes", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-mbppr-"));
    const store = await TaskStore.open({ dataDir: dir });
    const mbpp = path.join(dir, "mbpp.jsonl");
    const lines = (await readFile(`${datasetsDir}/mbpp.jsonl`, "utf8")).split("\n").filter((line) => /"task_id": (12|624),/.test(line));
    await writeFile(mbpp, lines.join("\n") + "\n");
    await importTasks({ store, runtime: async () => runtime, format: "mbpp", files: [mbpp], validate: false, job: job() });

    const settings = { store, runtime, backend, modelPath, k: 6, perProblemCap: 3, seed: 5, grammar, maxTokens: 40 };
    const summary = await buildMbppR({ ...settings, job: job() });
    // Problem 12 is in MBPP's test range: only 624 (train) is sampled.
    expect(summary).toMatchObject({ problems: 1, skippedDone: 0, sampled: 6 });
    const kept = await store.views(["mbpp-r"]);
    expect(kept.length).toBe(summary.kept);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(2);
    const keys = kept.map((task) => normalizePython(task.buggyProgram!).join(" "));
    expect(new Set(keys).size).toBe(kept.length);
    for (const task of kept) {
      expect([programs.lower, programs.lowerRenamed, programs.identity].map((p) => p + "\n")).toContain(task.buggyProgram);
      expect(task).toMatchObject({ split: "train", entryPoint: "is_upper", kind: "repair", validation: { status: "valid", buggyVerdict: "fail" } });
      expect(task.provenance.derivedFrom).toMatchObject({ problemId: "mbpp/624", model: path.basename(modelPath), k: 6, temperature: 0.8, backend: backend.id });
    }

    const again = await buildMbppR({ ...settings, job: job() });
    expect(again).toMatchObject({ problems: 1, skippedDone: 1, sampled: 0, kept: 0 });
    await expect(buildMbppR({ ...settings, splits: ["test"], job: job() })).rejects.toMatchObject({ code: "invalid_input", details: { field: "splits" } });
  }, 400_000);
});
