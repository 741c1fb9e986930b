// The other half of verdict integrity: the rules that stop hostile programs may not cost an honest program its
// verdict. (a) Ordinary correct programs that use the stdlib parts which read frames or generate __eq__ for
// them (ordinaryPrograms.ts) pass. (b) Every reference solution of the shared datasets keeps its verdict `pass`.
//
// Dataset coverage and timings (2 busy cores, one interpreter, baseline commit b894dd6):
// - HumanEvalPack-Python: all 164 (prompt + canonical_solution, its check harness, entry point): ~1 s.
// - MBPP full: all 974 (code + test_setup_code + test_list): ~8 s (task 123 alone ~6.5 s).
// - MBPP sanitized: all 427 (test_imports run before the code, as the dataset README says): ~7 s.
// - HumanEval+ (Mini: base + plus inputs, 164 tasks): expected outputs computed once by the canonical solution
//   in the sandbox (~6 s), then the app's io harness (buildExecRequest): ~6 s.
// - HumanEval+ full inputs (HumanEvalPlus.jsonl.gz, ~1000 inputs a task): all 164 take ~6 min (56 s for the
//   expected outputs, 321 s to verify), so only a fixed subset runs: tasks whose number is a multiple of 16.
// - HumanEval+ OriginFmt is not used: 163 of its 164 harnesses import numpy, which the bundled Pyodide lacks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecRequest, PythonRuntime } from "../../../../native/python/index.js";
import { computeExpectedOutputs } from "../../../../native/tasks/importers/computeExpectedOutputs.js";
import { buildExecRequest } from "../../../../native/tasks/validation/buildExecRequest.js";
import { datasetsDir } from "../../../datasetsDir.js";
import { describeResult, expectNextProgramsJudgedHonestly, startIntegrityRuntime } from "./integrityFixtures.js";
import { ordinaryPrograms } from "./ordinaryPrograms.js";

let python: PythonRuntime;
beforeAll(async () => {
  python = await startIntegrityRuntime();
});
afterAll(async () => {
  await python?.dispose();
});

describe("no false violations: ordinary correct programs pass", () => {
  for (const { name, request } of ordinaryPrograms) {
    it(name, async () => {
      const result = await python.exec(request);
      const failed = result.tests.find((test) => !test.passed)?.source ?? "";
      expect(result.verdict, `${describeResult(result)} ${failed}\n--- program ---\n${request.program}\n--- stderr ---\n${result.stderr.slice(0, 2000)}`).toBe("pass");
    });
  }
  it("and the interpreter still judges the next programs honestly", async () => {
    await expectNextProgramsJudgedHonestly(python, "the ordinary programs");
  });
});

/** A reference solution with its tests, named for the failure message. */
interface Reference {
  id: string;
  request: ExecRequest;
}

/**
 * Reference solutions that do not pass for reasons that have nothing to do with integrity, by dataset and id,
 * with the reason. Measured on the baseline (b894dd6): none; MBPP task 123 is slow (~6.5 s), hence the limit.
 */
const knownExceptions: Record<string, Record<string, string>> = {};

// Generous: what is judged here is integrity, not speed. At 30 s, MBPP's slowest references (task 123: ~6.5 s idle)
// timed out when the suite ran at a load average of ~10 on the 2 cores, and failed both MBPP tests.
const referenceLimits = { timeoutMs: 120_000, interruptGraceMs: 500 };
const jsonLines = (file: string): Array<Record<string, unknown>> =>
  readFileSync(path.join(datasetsDir, file), "utf8").split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
const gzipLines = (file: string): string[] => gunzipSync(readFileSync(path.join(datasetsDir, file))).toString("utf8").split("\n").filter((line) => line.trim());

function humanEvalPack(): Reference[] {
  return jsonLines("humanevalpack-python.jsonl").map((r) => ({
    id: String(r.task_id),
    request: { program: String(r.prompt) + String(r.canonical_solution), tests: String(r.test), testKind: "check", entryPoint: String(r.entry_point), limits: referenceLimits },
  }));
}

function mbppFull(): Reference[] {
  // MBPP runs code + test_setup_code + test_list as one module; the setup uses the program's names (tasks
  // 367, 927), so it goes in the tests, before the asserts, as buildExecRequest does.
  return jsonLines("mbpp.jsonl").map((r) => ({
    id: `mbpp/${r.task_id}`,
    request: { program: String(r.code), tests: [String(r.test_setup_code ?? ""), ...(r.test_list as string[])].filter((s) => s.trim()).join("\n"), testKind: "asserts", limits: referenceLimits },
  }));
}

function mbppSanitized(): Reference[] {
  const records = JSON.parse(readFileSync(path.join(datasetsDir, "sanitized-mbpp.json"), "utf8")) as Array<Record<string, unknown>>;
  return records.map((r) => ({
    id: `sanitized/${r.task_id}`,
    request: { program: String(r.code), setup: (r.test_imports as string[]).join("\n"), tests: (r.test_list as string[]).join("\n"), testKind: "asserts", limits: referenceLimits },
  }));
}

/** HumanEval+ records (EvalPlus-native format) → the app's io tests, expected outputs from the canonical solution. */
async function humanEvalPlus(file: string, keep: (taskNumber: number) => boolean): Promise<Reference[]> {
  const references: Reference[] = [];
  for (const line of gzipLines(file)) {
    const record = JSON.parse(line) as { task_id: string; prompt: string; canonical_solution: string; entry_point: string; atol?: number };
    if (!keep(Number(record.task_id.split("/")[1]))) continue;
    const { cases } = await computeExpectedOutputs({ runtime: python, rawLine: line, timeoutMs: 60_000 });
    const comparator = record.entry_point === "find_zero" ? "poly_root" : "equal";
    const request = buildExecRequest({ task: { entryPoint: record.entry_point, tests: { kind: "io", atol: record.atol ?? 0, comparator, cases } }, program: record.prompt + record.canonical_solution });
    references.push({ id: record.task_id, request: { ...request, limits: { ...request.limits, timeoutMs: 120_000 } } });
  }
  return references;
}

async function expectAllPass(dataset: string, references: Reference[]): Promise<void> {
  const results = await python.verifyMany(references.map((r) => r.request));
  const known = knownExceptions[dataset] ?? {};
  const failures = results.flatMap((result, i) => {
    const { id } = references[i];
    if (result.verdict === "pass" || id in known) return [];
    const failed = result.tests.find((test) => !test.passed)?.source?.slice(0, 200) ?? "";
    return [`${id}: ${describeResult(result)} ${failed}`];
  });
  expect(failures, `${dataset}: ${failures.length} of ${references.length} reference solutions did not pass`).toEqual([]);
}

describe("no false violations: every dataset reference solution keeps its verdict pass", () => {
  it("HumanEvalPack-Python (all 164)", async () => {
    await expectAllPass("humanevalpack", humanEvalPack());
  });
  it("MBPP full (all 974)", async () => {
    await expectAllPass("mbpp", mbppFull());
  }, 180_000);
  it("MBPP sanitized (all 427)", async () => {
    await expectAllPass("mbpp-sanitized", mbppSanitized());
  }, 180_000);
  it("HumanEval+ Mini inputs (all 164)", async () => {
    await expectAllPass("humanevalplus-mini", await humanEvalPlus("HumanEvalPlus-Mini.jsonl.gz", () => true));
  }, 180_000);
  it("HumanEval+ full inputs (tasks 0, 16, 32, …, 160)", async () => {
    await expectAllPass("humanevalplus", await humanEvalPlus("HumanEvalPlus.jsonl.gz", (n) => n % 16 === 0));
  }, 180_000);
  it("and the interpreter still judges the next programs honestly", async () => {
    await expectNextProgramsJudgedHonestly(python, "the dataset reference solutions");
  });
});
