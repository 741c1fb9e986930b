import type { RepairTask } from "../../api/taskTypes.js";

/**
 * The MBPP prompt of Austin et al. 2021 (also used by the NExT paper's MBPP sampling): the problem, its
 * tests, then `[BEGIN]`; the model writes code and ends with `[DONE]`, which is the stop string.
 */
export function mbppPrompt(problem: Pick<RepairTask, "description" | "tests">): string {
  const asserts = problem.tests.kind === "asserts" ? problem.tests.asserts : [];
  return `You are an expert Python programmer, and here is your task: ${problem.description} Your code should pass these tests:\n\n${asserts.join("\n")}\n[BEGIN]\n`;
}

export const mbppStop = ["[DONE]"];

/** Takes the code out of a completion: drops a Markdown fence if the model wrote one. */
export function extractProgram(completion: string): string {
  const fenced = /```(?:python|py)?\s*\n([\s\S]*?)(?:```|$)/.exec(completion);
  return (fenced ? fenced[1] : completion).replace(/\r\n?/g, "\n").trim() + "\n";
}
