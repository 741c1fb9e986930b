import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RepairTraceFormat } from "../api/repairApi.js";
import { PromptTemplateError } from "./repairErrors.js";
import { resolvePromptsDir } from "./resolvePromptsDir.js";

/** A versioned prompt template: a data file `resources/prompts/<id>.json` (docs/prompt.md). */
export interface PromptTemplate {
  id: string;
  /** sha256 of the file's bytes: an edited template is a different template. */
  hash: string;
  system: string;
  /** Placeholders: {{description}}, {{program}}, {{tests}}, {{instruction}}. */
  user: string;
  /** Placeholder {{text}}; used when the task has a description. */
  descriptionLine: string;
  /** Placeholder {{text}}; used when a hint (another model's rationale) is given. */
  hintLine: string;
  /** Per trace format; placeholders {{call}}, {{outcome}}, {{rendering}}. */
  program: Record<RepairTraceFormat, string>;
  /** Placeholder {{entryPoint}}. */
  instruction: string;
  /** An exemplar's answer in the documented output format; placeholders {{rationale}}, {{code}}. */
  answer: string;
}

const cache = new Map<string, PromptTemplate>();
const TEXT_FIELDS = ["system", "user", "descriptionLine", "hintLine", "instruction", "answer"] as const;
const FORMATS: RepairTraceFormat[] = ["next", "scratchpad", "none"];

/** Loads (once per process) and checks the template `id`; throws `invalid_prompt_template` naming the file and field. */
export function loadPromptTemplate(id: string, options: { dir?: string } = {}): PromptTemplate {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) throw new PromptTemplateError(`Prompt template id "${id}" is not a template name (lower-case letters, digits, "-" and ".").`, { field: "templateId", id });
  const dir = options.dir ?? resolvePromptsDir();
  const file = path.join(dir, `${id}.json`);
  const cached = cache.get(file);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new PromptTemplateError(`No prompt template "${id}" (${file} is missing).`, { field: "templateId", id, file });
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new PromptTemplateError(`${file} is not valid JSON: ${(error as Error).message}.`, { file });
  }
  const bad = (field: string) => new PromptTemplateError(`${file}: field "${field}" must be a non-empty string.`, { file, field });
  if (data.id !== id) throw new PromptTemplateError(`${file}: field "id" must be "${id}", got ${JSON.stringify(data.id)}.`, { file, field: "id" });
  for (const field of TEXT_FIELDS) if (typeof data[field] !== "string" || data[field] === "") throw bad(field);
  const program = data.program as Record<string, unknown> | undefined;
  for (const format of FORMATS) if (typeof program?.[format] !== "string") throw bad(`program.${format}`);
  const template: PromptTemplate = {
    id, hash: createHash("sha256").update(bytes).digest("hex"),
    system: data.system as string, user: data.user as string, descriptionLine: data.descriptionLine as string, hintLine: data.hintLine as string,
    program: program as Record<RepairTraceFormat, string>, instruction: data.instruction as string, answer: data.answer as string,
  };
  cache.set(file, template);
  return template;
}

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself contains "{{x}}" (a program, a test) is
 * never expanded again. An unknown placeholder is left as written.
 */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}
