import type { Trace } from "../../python/common/traceTypes.js";
import { collectLineStates, formatException } from "./collectLineStates.js";
import { FAILURE_REPR_CUT } from "./defaultRenderSettings.js";
import { estimateTokens } from "./estimateTokens.js";
import { renderInline, statesByDisplayLine, type InlineLayout } from "./renderInline.js";
import { renderScratchpad } from "./renderScratchpad.js";
import { scanLogicalLines } from "./scanLogicalLines.js";
import type { CountTokens, LineState, TraceRendering, TraceRenderSettings, TraceStyle } from "./types.js";
import { validateRenderSettings } from "./validateRenderSettings.js";

interface Attempt {
  /** The step of the degrade ladder this attempt belongs to (docs/trace-format.md). */
  level: number;
  text: string;
  statesShown: number;
  keepsFailureState: boolean;
  used: TraceRendering["used"];
}

/**
 * Renders a program with its trace in one style, within a token budget. When the settings as given do not
 * fit, it degrades in fixed, documented steps (docs/trace-format.md) until the text fits: shorter reprs,
 * fewer states per line, then fewer lines' states, then shorter failure values. The failure state is never
 * dropped. The result is deterministic for the same program, trace, settings and tokenizer.
 */
export function renderTrace(options: {
  /** The program's source text (docstring and code), as traced. */
  program: string;
  trace: Trace;
  /** Default "inline". */
  style?: TraceStyle;
  /** Defaults: defaultRenderSettings. */
  settings?: Partial<TraceRenderSettings>;
  /** Default: estimateTokens (UTF-8 bytes / 2.5). */
  countTokens?: CountTokens;
  /** Name reported as `tokenizer`. Default "estimate" when countTokens is not given, else "model". */
  tokenizer?: string;
}): TraceRendering {
  const { program, trace, style = "inline" } = options;
  const settings = validateRenderSettings(options.settings);
  const countTokens = options.countTokens ?? estimateTokens;
  const tokenizer = options.tokenizer ?? (options.countTokens ? "model" : "estimate");
  const sourceLines = program.replace(/\r\n?/g, "\n").split("\n");
  const endOf = scanLogicalLines({ source: sourceLines.join("\n") });
  const states = collectLineStates({ trace, lineCount: sourceLines.length, endOf });
  const attempts: Generator<Attempt, void, boolean> = style === "none" ? noTraceAttempts(program)
    : style === "scratchpad" ? scratchpadAttempts({ program, sourceLines, trace, states, settings })
    : inlineAttempts({ sourceLines, endOf, states, settings });
  // The ladder is told whether each attempt fitted, so it can stop, or search (fewest lines hidden, widest
  // window) by bisection; the result is the last attempt that fitted, else the last one tried.
  let chosen: { attempt: Attempt; tokens: number } | null = null;
  let last: { attempt: Attempt; tokens: number } | null = null;
  for (let next = attempts.next(false); !next.done; ) {
    const attempt = withOutcome(next.value, { trace, states });
    last = { attempt, tokens: countTokens(attempt.text) };
    const fits = last.tokens <= settings.budget;
    if (fits) chosen = last;
    next = attempts.next(fits);
  }
  const { attempt: final, tokens } = chosen ?? last!;
  return {
    style, text: final.text, tokens, budget: settings.budget, fitsBudget: tokens <= settings.budget, tokenizer,
    degradeLevel: final.level, used: final.used, keepsFailureState: final.keepsFailureState,
    statesTotal: states.length, statesShown: final.statesShown,
  };
}

function* noTraceAttempts(program: string): Generator<Attempt, void, boolean> {
  yield { level: 0, text: program.trimEnd(), statesShown: 0, keepsFailureState: false, used: { firstStates: 0, lastStates: 0, reprCut: 0, linesWithoutStates: 0 } };
}

/**
 * A trace whose final exception was raised outside the program's lines (the test's assert around the call,
 * or the call expression itself) ends with an outcome line, so the failure is always in the text.
 */
function withOutcome(attempt: Attempt, context: { trace: Trace; states: LineState[] }): Attempt {
  const { trace, states } = context;
  if (attempt.used.reprCut === 0 || !trace.exception) return attempt;
  const text = formatException(trace.exception);
  if (states.some((state) => state.exception === text)) return attempt;
  return { ...attempt, text: `${attempt.text}\n# ${trace.call}: __exception__=${text}`, keepsFailureState: attempt.keepsFailureState };
}

/**
 * The degrade ladder of the inline style; each level keeps the previous ones' cuts. 0: as set; 1: reprs cut
 * at 20; 2: first 1 + last 1 states; 3: reprs at 12; 4: the last state only; 5: fewest lines' states left out
 * (bisection); 6: every line's states out, failure values cut at 60; 7: failure values at the repr cut.
 */
function* inlineAttempts(options: { sourceLines: string[]; endOf: number[]; states: LineState[]; settings: TraceRenderSettings }): Generator<Attempt, void, boolean> {
  const { sourceLines, endOf, states, settings } = options;
  const run = (level: number, layout: InlineLayout): Attempt => {
    const result = renderInline({ sourceLines, endOf, states, layout });
    return { level, ...result, used: { firstStates: layout.firstStates, lastStates: layout.lastStates, reprCut: layout.reprCut, linesWithoutStates: layout.hiddenLines.size } };
  };
  let layout: InlineLayout = { firstStates: settings.firstStates, lastStates: settings.lastStates, reprCut: settings.reprCut, failureReprCut: FAILURE_REPR_CUT, hiddenLines: new Set() };
  const steps: Array<(current: InlineLayout) => InlineLayout> = [
    (current) => current,
    (current) => ({ ...current, reprCut: Math.min(current.reprCut, 20) }),
    (current) => ({ ...current, firstStates: Math.min(current.firstStates, 1), lastStates: Math.min(current.lastStates, 1) }),
    (current) => ({ ...current, reprCut: Math.min(current.reprCut, 12) }),
    (current) => ({ ...current, firstStates: 0, lastStates: 1 }),
  ];
  for (const [level, step] of steps.entries()) {
    layout = step(layout);
    if (yield run(level, layout)) return;
  }
  // Leave out whole lines' states, those whose activity ended earliest first (the states nearest the failure
  // stay longest; the entry line, which shows the test's input, goes last): the fewest lines that fit.
  const order = hidingOrder({ states, endOf });
  const hide = (count: number) => new Set(order.slice(0, count));
  let low = 1;
  let high = order.length;
  let isAnyFit = false;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if (yield run(5, { ...layout, hiddenLines: hide(middle) })) {
      isAnyFit = true;
      high = middle - 1;
    } else low = middle + 1;
  }
  if (isAnyFit) return;
  if (yield run(6, { ...layout, hiddenLines: hide(order.length), failureReprCut: 60 })) return;
  yield run(7, { ...layout, hiddenLines: hide(order.length), failureReprCut: layout.reprCut });
}

function hidingOrder(options: { states: LineState[]; endOf: number[] }): number[] {
  const byLine = statesByDisplayLine(options);
  const entryLine = options.states.length > 0 ? options.endOf[options.states[0].line] || options.states[0].line : -1;
  return [...byLine.entries()]
    .map(([line, group]) => ({ line, lastOrder: line === entryLine ? Infinity : group[group.length - 1].order }))
    .sort((a, b) => a.lastOrder - b.lastOrder || a.line - b.line)
    .map((entry) => entry.line);
}

/**
 * The degrade ladder of the scratchpad style. 0: every state; 1: reprs cut at 20 and code at 24 characters;
 * 2: the widest window of first and last states (and the failure) that fits (bisection); 3: the failure
 * state only, no code; 4: failure values at the repr cut.
 */
function* scratchpadAttempts(options: { program: string; sourceLines: string[]; trace: Trace; states: LineState[]; settings: TraceRenderSettings }): Generator<Attempt, void, boolean> {
  const { program, sourceLines, trace, states, settings } = options;
  const run = (level: number, layout: Parameters<typeof renderScratchpad>[0]["layout"]): Attempt => {
    const result = renderScratchpad({ source: program, sourceLines, call: trace.call, states, layout });
    return { level, ...result, used: { firstStates: Math.min(layout.headStates, states.length), lastStates: Math.min(layout.tailStates, states.length), reprCut: layout.reprCut, linesWithoutStates: 0 } };
  };
  let layout = { headStates: states.length, tailStates: 0, reprCut: settings.reprCut, failureReprCut: FAILURE_REPR_CUT, codeCut: 40 };
  if (yield run(0, layout)) return;
  layout = { ...layout, reprCut: Math.min(layout.reprCut, 20), codeCut: 24 };
  if (yield run(1, layout)) return;
  let low = 1;
  let high = Math.floor(states.length / 2);
  let isAnyFit = false;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if (yield run(2, { ...layout, headStates: middle, tailStates: middle })) {
      isAnyFit = true;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (isAnyFit) return;
  if (yield run(3, { ...layout, headStates: 0, tailStates: 0, codeCut: 0 })) return;
  yield run(4, { ...layout, headStates: 0, tailStates: 0, codeCut: 0, failureReprCut: layout.reprCut });
}
