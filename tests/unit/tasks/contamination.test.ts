import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { TaskView } from "../../../native/api/taskTypes.js";
import { findContamination } from "../../../native/tasks/contamination/findContamination.js";
import { normalizePython } from "../../../native/tasks/contamination/normalizePython.js";
import { datasetsDir } from "../../datasetsDir.js";

function view(id: string, split: TaskView["split"], reference: string, buggyProgram: string | null = null): TaskView {
  return {
    id, setId: id.split("/")[0], kind: buggyProgram ? "repair" : "problem", description: "", prompt: null, buggyProgram, reference, entryPoint: "f",
    tests: { kind: "asserts", setup: "", asserts: ["assert True"] }, bugType: null, split, contentHash: id, importedAt: "",
    provenance: { format: "jsonl", file: "", sourceId: id, licence: "user" }, validation: null,
  };
}

describe("normalizePython", () => {
  it("ignores names, comments, docstrings and layout but keeps literals, attributes and operators", () => {
    const a = 'def total(items):\n    """Sum them."""\n    s = 0  # running\n    for x in items:\n        s += x\n    return s\n';
    const b = "def add_all(values):\r\n\tacc = 0\r\n\tfor v in values:\r\n\t\tacc += v\r\n\treturn acc";
    expect(normalizePython(a)).toEqual(normalizePython(b));
    expect(normalizePython(a)).not.toEqual(normalizePython(a.replace("s += x", "s -= x")));
    expect(normalizePython("x.append(1)")).toEqual(["v0", ".", "append", "(", "1", ")"]);
    expect(normalizePython("print('a#b')")).toEqual(["print", "(", "'a#b'", ")"]);
  });
});

describe("findContamination", () => {
  const evalTask = view("bench/1", "test", "def f(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best\n");
  it("finds a renamed copy (exact) and an edited copy (near) but not unrelated code", () => {
    const renamed = view("own/a", "train", "def g(values):\n    m = values[0]\n    for v in values:\n        if v > m:\n            m = v\n    return m\n");
    const edited = view("own/b", "train", "def f(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    print(best)\n    return best\n");
    const unrelated = view("own/c", "train", "def h(s):\n    return s[::-1].upper()\n");
    const report = findContamination({ train: [renamed, edited, unrelated], evaluation: [evalTask], threshold: 0.7 });
    expect(report.pairs.map((p) => [p.trainTaskId, p.kind])).toEqual([["own/a", "exact"], ["own/b", "near"]]);
    expect(report.pairs[1].similarity).toBeGreaterThanOrEqual(0.7);
    expect(report.pairs[1].similarity).toBeLessThan(1);
    expect(report.contaminatedTaskIds).toEqual(["own/a", "own/b"]);
    expect(findContamination({ train: [edited], evaluation: [evalTask], threshold: 0.99 }).pairs).toEqual([]);
  });

  it("on real data: MBPP train vs MBPP test references have few exact duplicates, and each is reported", async () => {
    const lines = (await readFile(`${datasetsDir}/mbpp.jsonl`, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as { task_id: number; code: string });
    const train = lines.filter((r) => r.task_id > 600).map((r) => view(`mbpp/${r.task_id}`, "train", r.code));
    const test = lines.filter((r) => r.task_id >= 11 && r.task_id <= 510).map((r) => view(`mbpp/${r.task_id}`, "test", r.code));
    // Planted copies (issue 16: a real-data test that finds nothing proves nothing): three test references,
    // renamed and re-laid-out, among the train tasks, must be reported as exact copies of their originals.
    const planted = [11, 100, 250].map((id) => {
      const original = test.find((task) => task.id === `mbpp/${id}`)!;
      const disguised = (original.reference ?? "").replace(/def (\w+)\(/, "def disguised_$1(").replace(/\n/g, "  # copied\n").replace(/ {4}/g, "\t");
      return { originalId: original.id, task: view(`planted/${id}`, "train", disguised) };
    });
    const report = findContamination({ train: [...train, ...planted.map((p) => p.task)], evaluation: test, threshold: 0.9 });
    for (const { originalId, task } of planted) {
      expect(report.pairs.find((pair) => pair.trainTaskId === task.id)).toMatchObject({ evalTaskId: originalId, kind: "exact" });
    }
    for (const pair of report.pairs.filter((p) => !p.trainTaskId.startsWith("planted/"))) {
      expect(pair.similarity).toBeGreaterThanOrEqual(0.9);
      expect(Number(pair.trainTaskId.split("/")[1])).toBeGreaterThan(600);
    }
    expect(report.pairs.length).toBeLessThan(train.length / 5);
  });
});
