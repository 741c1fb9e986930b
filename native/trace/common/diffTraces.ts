import type { Trace } from "../../python/common/traceTypes.js";
import { alignSourceLines } from "./alignSourceLines.js";
import { collectLineStates } from "./collectLineStates.js";
import { describeOutcome } from "./describeOutcome.js";
import { scanLogicalLines } from "./scanLogicalLines.js";
import type { LineState } from "./types.js";

/** One side's state at the divergence. */
export interface DivergentState {
  /** Position in that program's execution order, as the renderers number it. */
  order: number;
  /** The trace step (`TraceStep.step` of `tracetune trace`) where this state starts. */
  step: number;
  line: number;
  /** The statement's source text, trimmed. */
  code: string;
  frame: string;
  depth: number;
  changes: Record<string, string>;
  returned?: string;
  yielded?: string;
  exception?: string;
  stdout?: string;
}

export interface TraceDiff {
  /**
   * "control_flow": at this point the two runs execute different places (another line, function or call
   * depth, or one run has ended); "value": same place, but a variable, return value, exception or output
   * differs; "none": the traces agree state by state and in their outcome.
   */
  kind: "control_flow" | "value" | "none";
  /** Index of the first divergent state (= number of equal states before it); null when kind is "none". */
  index: number | null;
  a: DivergentState | null;
  b: DivergentState | null;
  /** The values that differ at a "value" divergence, by name ("__return__", "__exception__", "__stdout__" for markers). */
  values: Array<{ name: string; a: string | null; b: string | null }>;
  /** One sentence a person (or a prompt) can read. */
  summary: string;
  statesA: number;
  statesB: number;
  outcomeA: string;
  outcomeB: string;
}

/**
 * The differential trace: walks two programs' traces of the same call (e.g. a buggy program and a candidate
 * fix) state by state and reports the first state where control flow or a value diverges. Lines are matched
 * across the two sources by their text (an edited line matches its counterpart in the same edit hunk), so an
 * inserted line elsewhere does not shift the comparison.
 */
export function diffTraces(options: { a: { program: string; trace: Trace }; b: { program: string; trace: Trace } }): TraceDiff {
  const linesA = options.a.program.replace(/\r\n?/g, "\n").split("\n");
  const linesB = options.b.program.replace(/\r\n?/g, "\n").split("\n");
  const statesA = collectLineStates({ trace: options.a.trace, lineCount: linesA.length, endOf: scanLogicalLines({ source: linesA.join("\n") }) });
  const statesB = collectLineStates({ trace: options.b.trace, lineCount: linesB.length, endOf: scanLogicalLines({ source: linesB.join("\n") }) });
  const isSamePlace = alignSourceLines({ a: linesA, b: linesB });
  const view = (state: LineState | undefined, lines: string[]): DivergentState | null => state ? {
    order: state.order, step: state.step, line: state.line, code: (lines[state.line - 1] ?? "").trim(), frame: state.frame, depth: state.depth,
    changes: Object.fromEntries(state.changes), returned: state.returned, yielded: state.yielded, exception: state.exception, stdout: state.stdout,
  } : null;
  const base = { statesA: statesA.length, statesB: statesB.length, outcomeA: describeOutcome(options.a.trace), outcomeB: describeOutcome(options.b.trace) };
  const length = Math.max(statesA.length, statesB.length);
  for (let index = 0; index < length; index += 1) {
    const stateA = statesA[index];
    const stateB = statesB[index];
    const a = view(stateA, linesA);
    const b = view(stateB, linesB);
    if (!stateA || !stateB || stateA.kind !== stateB.kind || stateA.frame !== stateB.frame || stateA.depth !== stateB.depth || !isSamePlace(stateA.line, stateB.line)) {
      return { ...base, kind: "control_flow", index, a, b, values: [], summary: controlFlowSummary(index, a, b) };
    }
    const values = differingValues(stateA, stateB);
    if (values.length > 0) {
      const listed = values.map((value) => `${value.name}: ${value.a ?? "(unchanged)"} vs ${value.b ?? "(unchanged)"}`).join("; ");
      return { ...base, kind: "value", index, a, b, values, summary: `First divergence at state ${index}, line ${a!.line} of a / line ${b!.line} of b (${a!.code === b!.code ? a!.code : `${a!.code} / ${b!.code}`}): ${listed}.` };
    }
  }
  if (base.outcomeA !== base.outcomeB) {
    return { ...base, kind: "value", index: length, a: null, b: null, values: [{ name: "__outcome__", a: base.outcomeA, b: base.outcomeB }], summary: `The traces agree state by state but end differently: ${base.outcomeA} vs ${base.outcomeB}.` };
  }
  return { ...base, kind: "none", index: null, a: null, b: null, values: [], summary: `No divergence: ${length} states agree and both ${base.outcomeA}.` };
}

function differingValues(a: LineState, b: LineState): TraceDiff["values"] {
  const valuesA = new Map(markedValues(a));
  const valuesB = new Map(markedValues(b));
  const names = [...new Set([...valuesA.keys(), ...valuesB.keys()])].sort();
  return names.filter((name) => valuesA.get(name) !== valuesB.get(name)).map((name) => ({ name, a: valuesA.get(name) ?? null, b: valuesB.get(name) ?? null }));
}

function markedValues(state: LineState): Array<[string, string]> {
  const out = [...state.changes];
  if (state.yielded !== undefined) out.push(["__yield__", state.yielded]);
  if (state.returned !== undefined) out.push(["__return__", state.returned]);
  if (state.exception !== undefined) out.push(["__exception__", state.exception]);
  if (state.stdout !== undefined) out.push(["__stdout__", JSON.stringify(state.stdout)]);
  return out;
}

function controlFlowSummary(index: number, a: DivergentState | null, b: DivergentState | null): string {
  const where = (side: DivergentState | null, name: string) => side ? `${name} runs line ${side.line} (${side.code}) in ${side.frame}` : `${name} has ended`;
  return `First divergence at state ${index}: control flow differs: ${where(a, "a")}, ${where(b, "b")}.`;
}
