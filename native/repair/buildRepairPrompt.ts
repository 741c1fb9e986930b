import type { RepairPrompt, RepairTraceFormat } from "../api/repairApi.js";
import type { ChatMessage } from "../sampling/SamplingBackend.js";
import { describeOutcome } from "../trace/common/describeOutcome.js";
import { renderTrace } from "../trace/common/renderTrace.js";
import type { TraceRenderSettings, TraceStyle } from "../trace/common/types.js";
import { findFailingCalls, type FailingCall } from "../trace/node/findFailingCalls.js";
import type { TraceRunner } from "../trace/node/TraceRunner.js";
import { exemplarOverlap, type Exemplar } from "./exemplars.js";
import { fillTemplate, type PromptTemplate } from "./promptTemplate.js";
import type { PromptTokenizer } from "./PromptTokenizer.js";
import { repairCaseFromProgram, type RepairCase } from "./RepairCase.js";
import { NothingToRepairError, PromptTooLongError } from "./repairErrors.js";

/**
 * Tokens kept free besides the answer's room: the rendering is counted alone, and inside the chat template a
 * few tokens can merge differently at its edges.
 */
export const BUDGET_MARGIN_TOKENS = 16;

/** Exemplar renderings never need more than this; they are short by design. */
const EXEMPLAR_TRACE_BUDGET = 512;

const styleOf: Record<RepairTraceFormat, TraceStyle> = { next: "inline", scratchpad: "scratchpad", none: "none" };

export interface BuiltRepairPrompt {
  prompt: RepairPrompt;
  /** The first failing test's traced call (what the prompt shows; claims are checked against it). */
  failing: FailingCall | null;
}

/**
 * Builds the repair prompt (docs/prompt.md): the template's system message, `exemplars` as worked user /
 * assistant turns, then the task: its description, the buggy program with the trace of its first failing
 * test in `traceFormat`, the tests and the instruction. The trace gets what the context has left:
 * budget = contextSize − maxTokens − (the prompt with an empty program section) − a 16-token margin, and
 * the renderer degrades the trace to fit it (docs/trace-format.md). Throws `nothing_to_repair` when the
 * program passes its tests and `prompt_too_long` when even the cut-down prompt leaves no room for the answer.
 */
export async function buildRepairPrompt(options: {
  repairCase: RepairCase;
  template: PromptTemplate;
  traceFormat: RepairTraceFormat;
  exemplars: readonly Exemplar[];
  runtime: TraceRunner;
  /** The stored trace settings (states per line, repr cut); the budget is replaced by the derived one. */
  traceSettings: TraceRenderSettings;
  tokenizer: PromptTokenizer;
  contextSize: number;
  maxTokens: number;
  signal?: AbortSignal;
}): Promise<BuiltRepairPrompt> {
  const { repairCase, template, traceFormat, exemplars, runtime, traceSettings, tokenizer, contextSize, maxTokens, signal } = options;
  const failing = await findFirstFailingCall({ runtime, repairCase, signal, where: repairCase.taskId ? `Task "${repairCase.taskId}"` : "The program" });

  const turns: ChatMessage[] = [{ role: "system", content: template.system }];
  for (const exemplar of exemplars) {
    const exemplarCase = repairCaseFromProgram({ program: exemplar.buggyProgram, tests: exemplar.tests, entryPoint: exemplar.entryPoint, description: exemplar.description });
    const exemplarFailing = await exemplarCall({ exemplar, runtime, signal });
    const rendering = renderTrace({ program: exemplar.buggyProgram, trace: exemplarFailing.trace, style: styleOf[traceFormat], settings: { ...traceSettings, budget: EXEMPLAR_TRACE_BUDGET }, countTokens: tokenizer.countText, tokenizer: tokenizer.name });
    turns.push({ role: "user", content: taskMessage({ template, repairCase: exemplarCase, traceFormat, failing: exemplarFailing, rendering: rendering.text }) });
    turns.push({ role: "assistant", content: fillTemplate(template.answer, { rationale: exemplar.rationale, code: exemplar.fixedProgram }) });
  }

  const rest = tokenizer.renderMessages([...turns, { role: "user", content: taskMessage({ template, repairCase, traceFormat, failing, rendering: "" }) }]).tokens;
  const traceBudget = contextSize - maxTokens - rest - BUDGET_MARGIN_TOKENS;
  if (traceBudget < 1) throw new PromptTooLongError({ promptTokens: rest, maxTokens, contextSize });
  const rendering = failing
    ? renderTrace({ program: repairCase.program, trace: failing.trace, style: styleOf[traceFormat], settings: { ...traceSettings, budget: traceBudget }, countTokens: tokenizer.countText, tokenizer: tokenizer.name })
    : null;
  const messages: ChatMessage[] = [...turns, { role: "user", content: taskMessage({ template, repairCase, traceFormat, failing, rendering: rendering?.text ?? repairCase.program }) }];
  const rendered = tokenizer.renderMessages(messages);
  if (rendered.tokens + maxTokens > contextSize) throw new PromptTooLongError({ promptTokens: rendered.tokens, maxTokens, contextSize });

  return {
    failing,
    prompt: {
      templateId: template.id, templateHash: template.hash, traceFormat, messages, text: rendered.text, tokens: rendered.tokens, tokenizer: tokenizer.name,
      budget: { contextSize, maxTokens, rest, trace: traceBudget },
      trace: failing && rendering ? {
        call: failing.call, outcome: describeOutcome(failing.trace), test: failing.test, tokens: rendering.tokens,
        fitsBudget: rendering.fitsBudget, degradeLevel: rendering.degradeLevel, keepsFailureState: rendering.keepsFailureState,
      } : null,
      exemplars: exemplars.map((exemplar) => exemplar.id),
      exemplarOverlap: repairCase.task ? exemplarOverlap(repairCase.task) : [],
    },
  };
}

function taskMessage(options: { template: PromptTemplate; repairCase: RepairCase; traceFormat: RepairTraceFormat; failing: FailingCall | null; rendering: string }): string {
  const { template, repairCase, traceFormat, failing, rendering } = options;
  // Without a traced call ("none" with no single failing call) there is nothing to name; the program alone is shown.
  const programText = fillTemplate(failing || traceFormat === "none" ? template.program[traceFormat] : template.program.none, {
    call: failing?.call ?? "", outcome: failing ? describeOutcome(failing.trace) : "", rendering: rendering.replace(/\s+$/, ""),
  });
  return fillTemplate(template.user, {
    description: repairCase.description.trim() ? fillTemplate(template.descriptionLine, { text: repairCase.description.trim() }) : "",
    program: programText,
    tests: repairCase.shownTests,
    instruction: fillTemplate(template.instruction, { entryPoint: repairCase.entryPoint ?? guessEntryPoint(repairCase.program) ?? "the function" }),
  });
}

/** The first failing test's call and trace; null only when the tests fail but no single call shows it. */
export async function findFirstFailingCall(options: { runtime: TraceRunner; repairCase: RepairCase; where: string; signal?: AbortSignal }): Promise<FailingCall | null> {
  const { runtime, repairCase, where, signal } = options;
  const request = repairCase.execRequest(repairCase.program);
  let found: FailingCall[];
  try {
    found = await findFailingCalls({ runtime, program: repairCase.program, tests: request.tests, testKind: request.testKind, entryPoint: request.entryPoint, setup: request.setup, signal });
  } catch (error) {
    if ((error as { code?: string }).code === "no_failing_call") return null;
    throw error;
  }
  if (found.length === 0) throw new NothingToRepairError(where);
  return found[0]!;
}

const exemplarCalls = new Map<string, Promise<FailingCall>>();

/** An exemplar's failing call, traced once per process (exemplars are fixed data). */
function exemplarCall(options: { exemplar: Exemplar; runtime: TraceRunner; signal?: AbortSignal }): Promise<FailingCall> {
  const { exemplar, runtime, signal } = options;
  const key = `${exemplar.id}\n${exemplar.buggyProgram}\n${exemplar.tests}`;
  let call = exemplarCalls.get(key);
  if (!call) {
    const repairCase = repairCaseFromProgram({ program: exemplar.buggyProgram, tests: exemplar.tests, entryPoint: exemplar.entryPoint });
    call = findFirstFailingCall({ runtime, repairCase, signal, where: `Prompt exemplar "${exemplar.id}"` }).then((found) => {
      if (!found) throw new NothingToRepairError(`Prompt exemplar "${exemplar.id}"`);
      return found;
    });
    call.catch(() => exemplarCalls.delete(key));
    exemplarCalls.set(key, call);
  }
  return call;
}

function guessEntryPoint(program: string): string | null {
  const names = [...program.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)/gm)].map((match) => match[1]!);
  return names.at(-1) ?? null;
}

