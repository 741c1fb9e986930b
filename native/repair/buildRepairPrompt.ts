import type { RepairPrompt, RepairTraceFormat } from "../api/repairApi.js";
import { describeOutcome } from "../trace/common/describeOutcome.js";
import { renderTrace } from "../trace/common/renderTrace.js";
import type { TraceRenderSettings, TraceStyle } from "../trace/common/types.js";
import { findFailingCalls, type FailingCall } from "../trace/node/findFailingCalls.js";
import type { TraceRunner } from "../trace/node/TraceRunner.js";
import { exemplarOverlap, type Exemplar } from "./exemplars.js";
import { composeRepairMessages, type ShownProgram } from "./composeRepairMessages.js";
import type { PromptTemplate } from "./promptTemplate.js";
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
  /** Another model's rationale shown as a hint (the evaluation's proxy check of rationales). Default: none. */
  hint?: string;
  signal?: AbortSignal;
}): Promise<BuiltRepairPrompt> {
  const { repairCase, template, traceFormat, exemplars, runtime, traceSettings, tokenizer, contextSize, maxTokens, hint, signal } = options;
  const failing = await findFirstFailingCall({ runtime, repairCase, signal, where: repairCase.taskId ? `Task "${repairCase.taskId}"` : "The program" });

  const style = styleOf[traceFormat];
  const exemplarParts: Array<{ exemplar: Exemplar; shown: ShownProgram }> = [];
  for (const exemplar of exemplars) {
    if (traceFormat === "none") {
      exemplarParts.push({ exemplar, shown: { rendering: exemplar.buggyProgram, call: null } });
      continue;
    }
    const exemplarFailing = await exemplarCall({ exemplar, runtime, signal });
    const rendering = renderTrace({ program: exemplar.buggyProgram, trace: exemplarFailing.trace, style, settings: { ...traceSettings, budget: EXEMPLAR_TRACE_BUDGET }, countTokens: tokenizer.countText, tokenizer: tokenizer.name });
    exemplarParts.push({ exemplar, shown: { rendering: rendering.text, call: { call: exemplarFailing.call, outcome: describeOutcome(exemplarFailing.trace) } } });
  }
  const shownCall = failing && traceFormat !== "none" ? { call: failing.call, outcome: describeOutcome(failing.trace) } : null;
  const compose = (rendering: string) => composeRepairMessages({ template, traceFormat, exemplars: exemplarParts, repairCase, shown: { rendering, call: shownCall }, hint });

  const rest = tokenizer.renderMessages(compose("")).tokens;
  const traceBudget = contextSize - maxTokens - rest - BUDGET_MARGIN_TOKENS;
  if (traceBudget < 1) throw new PromptTooLongError({ promptTokens: rest, maxTokens, contextSize });
  // "none" shows the program text itself (as buildNoTraceMessages does); a trace is fitted to what is left.
  const rendering = shownCall && failing
    ? renderTrace({ program: repairCase.program, trace: failing.trace, style, settings: { ...traceSettings, budget: traceBudget }, countTokens: tokenizer.countText, tokenizer: tokenizer.name })
    : null;
  const messages = compose(rendering?.text ?? repairCase.program);
  const rendered = tokenizer.renderMessages(messages);
  if (rendered.tokens + maxTokens > contextSize) throw new PromptTooLongError({ promptTokens: rendered.tokens, maxTokens, contextSize });

  return {
    failing,
    prompt: {
      templateId: template.id, templateHash: template.hash, traceFormat, messages, text: rendered.text, tokens: rendered.tokens, tokenizer: tokenizer.name,
      budget: { contextSize, maxTokens, rest, trace: traceBudget },
      trace: failing ? {
        call: failing.call, outcome: describeOutcome(failing.trace), test: failing.test, tokens: rendering?.tokens ?? tokenizer.countText(repairCase.program),
        fitsBudget: rendering?.fitsBudget ?? true, degradeLevel: rendering?.degradeLevel ?? 0, keepsFailureState: rendering?.keepsFailureState ?? false,
      } : null,
      exemplars: exemplars.map((exemplar) => exemplar.id),
      exemplarOverlap: exemplarOverlap(repairCase.task ?? { buggyProgram: repairCase.program, reference: null, entryPoint: repairCase.entryPoint ?? "", description: repairCase.description }),
    },
  };
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
