import { describe, expect, it } from "vitest";
import { readJsonRecords } from "../../../native/tasks/importers/readJsonRecords.js";
import { parseHumanEvalFix } from "../../../native/tasks/importers/parseHumanEvalPack.js";
import { parseMbpp } from "../../../native/tasks/importers/parseMbpp.js";
import { readHumanEvalPlusRecord } from "../../../native/tasks/importers/parseHeFixPlus.js";
import { RecordProblem } from "../../../native/tasks/importers/TaskDraft.js";
import { datasetsDir } from "../../datasetsDir.js";

const datasets = datasetsDir;

async function values(file: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const record of readJsonRecords({ file })) out.push(record.value);
  return out;
}

describe("dataset parsers on the real public files", () => {
  it("HumanEvalFix: 164 tasks with the README's bug-type counts and a check harness without its call", async () => {
    const drafts = (await values(`${datasets}/humanevalpack-python.jsonl`)).map(parseHumanEvalFix);
    expect(drafts).toHaveLength(164);
    const counts: Record<string, number> = {};
    for (const draft of drafts) counts[draft.bugType!] = (counts[draft.bugType!] ?? 0) + 1;
    expect(counts).toEqual({ "value misuse": 44, "missing logic": 33, "excess logic": 31, "operator misuse": 25, "variable misuse": 23, "function misuse": 8 });
    const first = drafts[0];
    expect(first.entryPoint).toBe("has_close_elements");
    expect(first.tests.kind === "check" && first.tests.source).not.toMatch(/\ncheck\(has_close_elements\)\s*$/);
    expect(first.buggyProgram).toContain("def has_close_elements");
  });

  it("MBPP full: 974 problems, entry points from the asserts, official splits, CRLF kept", async () => {
    const drafts = (await values(`${datasets}/mbpp.jsonl`)).map((v) => parseMbpp(v, { variant: "full" }));
    expect(drafts).toHaveLength(974);
    expect(drafts.every((d) => d.entryPoint.length > 0)).toBe(true);
    const bySplit = drafts.reduce<Record<string, number>>((acc, d) => ((acc[d.split!] = (acc[d.split!] ?? 0) + 1), acc), {});
    expect(bySplit).toEqual({ prompt: 10, test: 500, train: 464 });
    expect(drafts.some((d) => d.reference!.includes("\r\n"))).toBe(true);
  });

  it("MBPP sanitized: 427 problems read from `prompt`, test_imports as setup", async () => {
    const drafts = (await values(`${datasets}/sanitized-mbpp.json`)).map((v) => parseMbpp(v, { variant: "sanitized" }));
    expect(drafts).toHaveLength(427);
    expect(drafts.every((d) => d.description.length > 0)).toBe(true);
    expect(drafts.some((d) => d.tests.kind === "asserts" && d.tests.setup.includes("import"))).toBe(true);
  });

  it("HumanEval+: reads input counts (median near 972 plus inputs) and rejects a record without inputs", async () => {
    const records = (await values(`${datasets}/HumanEvalPlus.jsonl.gz`)).map(readHumanEvalPlusRecord);
    expect(records).toHaveLength(164);
    const sorted = records.map((r) => r.inputCount).sort((a, b) => a - b);
    expect(sorted[82]).toBeGreaterThan(900);
    expect(() => readHumanEvalPlusRecord({ task_id: "HumanEval/1", entry_point: "f", prompt: "def f(): pass", canonical_solution: "" })).toThrow(RecordProblem);
  });
});
