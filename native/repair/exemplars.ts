import { readFileSync } from "node:fs";
import path from "node:path";
import type { RepairTask } from "../api/taskTypes.js";
import { normalizePython } from "../tasks/index.js";
import { PromptTemplateError } from "./repairErrors.js";
import { resolvePromptsDir } from "./resolvePromptsDir.js";

/**
 * A worked repair written by us (resources/prompts/exemplars.jsonl) on a function that is in no shipped task
 * set; shown before the task when fewShot > 0. Its trace is rendered at prompt time with the same renderer
 * and format as the task's, so the two always agree.
 */
export interface Exemplar {
  id: string;
  description: string;
  entryPoint: string;
  buggyProgram: string;
  /** MBPP-style asserts; the first one fails on the buggy program. */
  tests: string;
  /** Written against the values of the NExT trace of the first failing test. */
  rationale: string;
  fixedProgram: string;
}

const FIELDS = ["id", "description", "entryPoint", "buggyProgram", "tests", "rationale", "fixedProgram"] as const;
const cache = new Map<string, Exemplar[]>();

/** The exemplars, in file order (the first `fewShot` are shown). Throws naming the file, line and field. */
export function loadExemplars(options: { dir?: string } = {}): Exemplar[] {
  const file = path.join(options.dir ?? resolvePromptsDir(), "exemplars.jsonl");
  const cached = cache.get(file);
  if (cached) return cached;
  const exemplars = readFileSync(file, "utf8").split("\n").flatMap((line, index) => {
    if (line.trim() === "") return [];
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new PromptTemplateError(`${file}:${index + 1}: not valid JSON (${(error as Error).message}).`, { file, line: index + 1 });
    }
    for (const field of FIELDS) {
      if (typeof record[field] !== "string" || record[field] === "") throw new PromptTemplateError(`${file}:${index + 1}: field "${field}" must be a non-empty string.`, { file, line: index + 1, field });
    }
    return [record as unknown as Exemplar];
  });
  cache.set(file, exemplars);
  return exemplars;
}

/**
 * The exemplars a task matches, so the task is left out of evaluation and training (it would be seen with
 * its answer in the prompt). A match is the same program up to names, comments and layout (the contamination
 * guard's normalisation) as an exemplar's buggy or fixed program, or the same entry point with the same
 * description. Empty when the task is clean.
 */
export function exemplarOverlap(task: Pick<RepairTask, "buggyProgram" | "reference" | "entryPoint" | "description">, options: { exemplars?: Exemplar[] } = {}): Array<{ exemplarId: string; reason: string }> {
  const exemplars = options.exemplars ?? loadExemplars();
  const key = (source: string) => normalizePython(source).join(" ");
  const programs = [task.buggyProgram, task.reference].filter((source): source is string => typeof source === "string" && source.trim() !== "").map(key);
  const description = normalizeText(task.description);
  const found: Array<{ exemplarId: string; reason: string }> = [];
  for (const exemplar of exemplars) {
    const exemplarPrograms = [exemplar.buggyProgram, exemplar.fixedProgram].map(key);
    if (programs.some((program) => exemplarPrograms.includes(program))) {
      found.push({ exemplarId: exemplar.id, reason: `the program is the prompt exemplar "${exemplar.id}" up to names and layout` });
    } else if (task.entryPoint === exemplar.entryPoint && description !== "" && description === normalizeText(exemplar.description)) {
      found.push({ exemplarId: exemplar.id, reason: `same function and description as the prompt exemplar "${exemplar.id}"` });
    }
  }
  return found;
}

function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}
