import { cutRepr } from "./cutRepr.js";
import { formatState } from "./formatState.js";
import type { LineState } from "./types.js";

/**
 * The scratchpad style: the program unchanged, then one comment line per execution state in order
 * (`# (3) line 4 \`s += i\`: s=1`), as in scratchpad/trace-as-text baselines. A long run keeps its first
 * `headStates` and last `tailStates` states (and the failure state) around a `...(k steps)` marker.
 */
export function renderScratchpad(options: {
  source: string;
  sourceLines: readonly string[];
  call: string;
  states: readonly LineState[];
  layout: { headStates: number; tailStates: number; reprCut: number; failureReprCut: number; codeCut: number };
}): { text: string; statesShown: number; keepsFailureState: boolean } {
  const { states, layout } = options;
  const out: string[] = [options.source.trimEnd(), "", `# Execution of ${options.call}:`];
  let skipped = 0;
  let statesShown = 0;
  let failureShown = 0;
  states.forEach((state, index) => {
    const isKept = state.isFailureState || index < layout.headStates || index >= states.length - layout.tailStates;
    if (!isKept) {
      skipped += 1;
      return;
    }
    if (skipped > 0) out.push(`# ...(${skipped} steps)`);
    skipped = 0;
    const code = (options.sourceLines[state.line - 1] ?? "").trim();
    const codePart = layout.codeCut > 0 ? ` \`${cutRepr({ repr: code, maxChars: layout.codeCut })}\`` : "";
    const formatted = formatState({ state, reprCut: layout.reprCut, failureReprCut: layout.failureReprCut });
    // formatState gives "(n) a=1": split the number from the values to put the line in between.
    const [number, ...rest] = formatted.split(" ");
    out.push(`# ${number} line ${state.line}${codePart}${rest.length > 0 ? ": " + rest.join(" ") : ""}`);
    statesShown += 1;
    if (state.isFailureState) failureShown += 1;
  });
  if (skipped > 0) out.push(`# ...(${skipped} steps)`);
  const failureTotal = states.filter((state) => state.isFailureState).length;
  return { text: out.join("\n"), statesShown, keepsFailureState: failureShown === failureTotal };
}
