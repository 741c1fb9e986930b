import { formatState } from "./formatState.js";
import type { LineState } from "./types.js";

export interface InlineLayout {
  firstStates: number;
  lastStates: number;
  reprCut: number;
  failureReprCut: number;
  /** Display lines whose states are left out (only a failure state on them stays). */
  hiddenLines: ReadonlySet<number>;
}

/**
 * The program with NExT inline comments: each executed statement's last physical line gets its states in
 * execution order; a line run more often than `firstStates + lastStates` times shows the first and last
 * states around an elision marker with the count left out. The failure state is shown wherever it falls.
 */
export function renderInline(options: {
  sourceLines: readonly string[];
  /** From scanLogicalLines: the line each statement's comment goes on. */
  endOf: readonly number[];
  states: readonly LineState[];
  layout: InlineLayout;
}): { text: string; statesShown: number; keepsFailureState: boolean } {
  const { sourceLines, endOf, states, layout } = options;
  const byLine = statesByDisplayLine({ states, endOf });
  let statesShown = 0;
  let failureShown = 0;
  const lines = sourceLines.map((source, index) => {
    const group = byLine.get(index + 1);
    if (!group) return source;
    const parts: string[] = [];
    let skipped = 0;
    const isHidden = layout.hiddenLines.has(index + 1);
    group.forEach((state, position) => {
      const isKept = state.isFailureState || (!isHidden && (position < layout.firstStates || position >= group.length - layout.lastStates));
      if (!isKept) {
        skipped += 1;
        return;
      }
      if (skipped > 0 && !isHidden) parts.push(`...(${skipped} more)`);
      skipped = 0;
      parts.push(formatState({ state, reprCut: layout.reprCut, failureReprCut: layout.failureReprCut }));
      statesShown += 1;
      if (state.isFailureState) failureShown += 1;
    });
    if (skipped > 0 && !isHidden) parts.push(`...(${skipped} more)`);
    return parts.length > 0 ? `${source.trimEnd()}  # ${parts.join("; ")}` : source;
  });
  const failureTotal = states.filter((state) => state.isFailureState).length;
  return { text: lines.join("\n"), statesShown, keepsFailureState: failureShown === failureTotal };
}

export function statesByDisplayLine(options: { states: readonly LineState[]; endOf: readonly number[] }): Map<number, LineState[]> {
  const byLine = new Map<number, LineState[]>();
  for (const state of options.states) {
    const line = options.endOf[state.line] || state.line;
    const group = byLine.get(line);
    if (group) group.push(state);
    else byLine.set(line, [state]);
  }
  return byLine;
}
