import type { RepairTraceFormat } from "../api/repairApi.js";
import type { ChatMessage } from "../sampling/SamplingBackend.js";
import type { Exemplar } from "./exemplars.js";
import { fillTemplate, loadPromptTemplate, type PromptTemplate } from "./promptTemplate.js";
import { loadExemplars } from "./exemplars.js";
import { repairCaseFromProgram, repairCaseFromTask, type RepairCase } from "./RepairCase.js";
import type { RepairTask } from "../api/taskTypes.js";
import { defaultRepairSettings } from "./repairSettings.js";

/** The program section of one task turn: the rendering and, with a trace, the call it shows and how it ended. */
export interface ShownProgram {
  /** The program with its trace (or alone, for "none"). */
  rendering: string;
  /** The traced failing call and its outcome ("returned 9"); null when no trace is shown. */
  call: { call: string; outcome: string } | null;
}

/**
 * The chat messages of a repair prompt, from parts already rendered: the system message, each exemplar as a
 * user turn and its answer in the documented output format, then the task's user turn. Pure: the traces
 * are rendered by the caller (buildRepairPrompt), so "none" prompts need no sandbox at all.
 */
export function composeRepairMessages(options: {
  template: PromptTemplate;
  traceFormat: RepairTraceFormat;
  exemplars: ReadonlyArray<{ exemplar: Exemplar; shown: ShownProgram }>;
  repairCase: RepairCase;
  shown: ShownProgram;
  /** Another model's rationale, shown as a hint that may be wrong. Default: none. */
  hint?: string;
}): ChatMessage[] {
  const { template, traceFormat, exemplars, repairCase, shown, hint } = options;
  const messages: ChatMessage[] = [{ role: "system", content: template.system }];
  for (const { exemplar, shown: exemplarShown } of exemplars) {
    const exemplarCase = repairCaseFromProgram({ program: exemplar.buggyProgram, tests: exemplar.tests, entryPoint: exemplar.entryPoint, description: exemplar.description });
    messages.push({ role: "user", content: taskTurn({ template, traceFormat, repairCase: exemplarCase, shown: exemplarShown }) });
    messages.push({ role: "assistant", content: formatRepairAnswer({ template, rationale: exemplar.rationale, code: exemplar.fixedProgram }) });
  }
  messages.push({ role: "user", content: taskTurn({ template, traceFormat, repairCase, shown, hint }) });
  return messages;
}

/** An answer in the template's output format ("Rationale: …\nFixed program:\n```python\n…```"); parseCompletion reads it back. */
export function formatRepairAnswer(options: { template?: PromptTemplate; rationale: string; code: string }): string {
  const template = options.template ?? loadPromptTemplate(defaultRepairSettings.templateId);
  const code = options.code.endsWith("\n") ? options.code : `${options.code}\n`;
  return fillTemplate(template.answer, { rationale: options.rationale.trim(), code });
}

/**
 * The no-trace prompt of a task (traceFormat "none"), built without the sandbox: exactly the messages a
 * repair job with traceFormat "none" sends (the same template, exemplars shown as programs alone).
 */
export function buildNoTraceMessages(options: { task?: RepairTask; repairCase?: RepairCase; templateId?: string; fewShot?: number; hint?: string }): { messages: ChatMessage[]; templateId: string; templateHash: string } {
  const repairCase = options.repairCase ?? repairCaseFromTask(options.task!);
  const template = loadPromptTemplate(options.templateId ?? defaultRepairSettings.templateId);
  const exemplars = loadExemplars().slice(0, options.fewShot ?? defaultRepairSettings.fewShot)
    .map((exemplar) => ({ exemplar, shown: { rendering: exemplar.buggyProgram, call: null } }));
  const messages = composeRepairMessages({ template, traceFormat: "none", exemplars, repairCase, shown: { rendering: repairCase.program, call: null }, hint: options.hint });
  return { messages, templateId: template.id, templateHash: template.hash };
}

function taskTurn(options: { template: PromptTemplate; traceFormat: RepairTraceFormat; repairCase: RepairCase; shown: ShownProgram; hint?: string }): string {
  const { template, traceFormat, repairCase, shown, hint } = options;
  // Without a traced call the program is shown alone, whatever the format asked for.
  const format = shown.call ? traceFormat : "none";
  const program = fillTemplate(template.program[format], { call: shown.call?.call ?? "", outcome: shown.call?.outcome ?? "", rendering: shown.rendering.replace(/\s+$/, "") });
  return fillTemplate(template.user, {
    description: repairCase.description.trim() ? fillTemplate(template.descriptionLine, { text: repairCase.description.trim() }) : "",
    program,
    tests: repairCase.shownTests,
    hint: hint?.trim() ? fillTemplate(template.hintLine, { text: hint.trim() }) : "",
    instruction: fillTemplate(template.instruction, { entryPoint: repairCase.entryPoint ?? lastTopLevelDef(repairCase.program) ?? "the function" }),
  });
}

function lastTopLevelDef(program: string): string | null {
  const names = [...program.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)/gm)].map((match) => match[1]!);
  return names.at(-1) ?? null;
}
