import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Trace } from "../../native/python/index.js";
import type { TraceRunner } from "../../native/trace/node/TraceRunner.js";
import { findFailingCalls } from "../../native/trace/node/findFailingCalls.js";
import { datasetsDir } from "../datasetsDir.js";

/** A repair task for the trace benchmark: a buggy program (docstring and code) and how to find its failing call. */
export interface BenchTask {
  set: "humanevalpack" | "mbpp-mutants";
  id: string;
  program: string;
  reference: string;
  tests: string;
  entryPoint: string;
  setup?: string;
}

/** A task traced on its failing call (or why it could not be). */
export interface TracedTask {
  key: string;
  set: BenchTask["set"];
  id: string;
  program: string;
  call: string | null;
  trace: Trace | null;
  error: string | null;
}

const datasets = datasetsDir;

/** HumanEvalPack (HumanEvalFix): prompt (signature and docstring) + buggy body, tested by its `check` harness. */
export function loadHumanEvalPack(): BenchTask[] {
  const rows = readFileSync(path.join(datasets, "humanevalpack-python.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
  return rows.map((row) => ({
    set: "humanevalpack", id: row.task_id, program: row.prompt + row.buggy_solution, reference: row.prompt + row.canonical_solution,
    tests: row.test, entryPoint: row.entry_point,
  }));
}

/**
 * MBPP-based repair tasks: MBPP has no buggy programs (NExT's Mbpp-R samples them from a model, which this
 * machine does not have), so each test-split problem (ids 11-510) gets the first single-edit mutant of its
 * reference solution, in a fixed operator order, that fails its asserts. The problem text is the docstring.
 */
export async function buildMbppMutants(options: { runtime: TraceRunner; limit: number; onProgress?: (done: number) => void }): Promise<BenchTask[]> {
  const rows = readFileSync(path.join(datasets, "mbpp.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line))
    .filter((row) => row.task_id >= 11 && row.task_id <= 510).slice(0, options.limit);
  const tasks: BenchTask[] = [];
  let done = 0;
  for (const row of rows) {
    const code = (row.code as string).replace(/\r\n?/g, "\n");
    const docstring = `"""${(row.text as string).replace(/"""/g, "'''").replace(/\\/g, "\\\\")}"""\n`;
    const tests = (row.test_list as string[]).join("\n");
    const defs = [...code.matchAll(/^def\s+([A-Za-z_]\w*)/gm)].map((match) => match[1]);
    const entryPoint = defs.find((name) => new RegExp(`\\b${name}\\s*\\(`).test(tests));
    if (!entryPoint) continue;
    for (const mutant of mutants(code).slice(0, 12)) {
      const result = await options.runtime.exec({ program: mutant, tests, testKind: "asserts", entryPoint, setup: row.test_setup_code || undefined, limits: { timeoutMs: 3000 } });
      if (result.verdict === "fail" || result.verdict === "error") {
        tasks.push({ set: "mbpp-mutants", id: `mbpp/${row.task_id}`, program: docstring + mutant, reference: docstring + code, tests, entryPoint, setup: row.test_setup_code || undefined });
        break;
      }
    }
    options.onProgress?.(++done);
  }
  return tasks;
}

/** Single-edit mutants of a program, in a fixed order: operators, comparisons, off-by-one, swapped builtins. */
export function mutants(code: string): string[] {
  const edits: Array<[RegExp, string]> = [
    [/ \+ /, " - "], [/ - /, " + "], [/ < /, " <= "], [/ > /, " >= "], [/ <= /, " < "], [/ >= /, " > "], [/ == /, " != "], [/ != /, " == "],
    [/range\(([^()]*)\)/, "range($1 - 1)"], [/\bmin\(/, "max("], [/\bmax\(/, "min("], [/ and /, " or "], [/ or /, " and "],
    [/\[0\]/, "[1]"], [/\[-1\]/, "[-2]"], [/return True/, "return False"], [/return False/, "return True"], [/ \* /, " + "], [/ \/\/ /, " / "], [/ % /, " // "],
  ];
  const lines = code.split("\n");
  const out: string[] = [];
  for (const [pattern, replacement] of edits) {
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index];
      if (/^\s*(#|def |import |from )/.test(line) || !pattern.test(line)) continue;
      const changed = [...lines];
      changed[index] = line.replace(pattern, replacement);
      out.push(changed.join("\n"));
      break;
    }
  }
  return out;
}

/**
 * Traces each task on its failing call, resumably: results are appended to a JSONL cache keyed by the hash of
 * the task, so a rerun only traces what is new (and what failed before).
 */
export async function traceTasks(options: { runtime: TraceRunner; tasks: BenchTask[]; cacheFile: string; onProgress?: (done: number) => void }): Promise<TracedTask[]> {
  mkdirSync(path.dirname(options.cacheFile), { recursive: true });
  const cached = new Map<string, TracedTask>();
  if (existsSync(options.cacheFile)) {
    for (const line of readFileSync(options.cacheFile, "utf8").split("\n")) if (line.trim()) {
      const entry = JSON.parse(line) as TracedTask;
      if (entry.trace !== null) cached.set(entry.key, entry); // a task that could not be traced is tried again
    }
  }
  const out: TracedTask[] = [];
  let done = 0;
  for (const task of options.tasks) {
    const key = createHash("sha256").update(JSON.stringify([task.program, task.reference, task.tests, task.setup ?? ""])).digest("hex");
    let entry = cached.get(key);
    if (!entry) {
      try {
        const [found] = await findFailingCalls({ runtime: options.runtime, program: task.program, tests: task.tests, entryPoint: task.entryPoint, reference: task.reference, setup: task.setup });
        entry = { key, set: task.set, id: task.id, program: task.program, call: found.call, trace: found.trace, error: null };
      } catch (error) {
        entry = { key, set: task.set, id: task.id, program: task.program, call: null, trace: null, error: error instanceof Error ? error.message : String(error) };
      }
      appendFileSync(options.cacheFile, JSON.stringify(entry) + "\n");
    }
    out.push(entry);
    options.onProgress?.(++done);
  }
  return out;
}
