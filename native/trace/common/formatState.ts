import { cutRepr } from "./cutRepr.js";
import type { LineState } from "./types.js";

/**
 * One state as NExT-style text: `(7) s=3, i=2`, with `__return__=`, `__yield__=`, `__exception__=`, `__stdout__=` and `__stopped__=`
 * markers (the names NExT's own examples use for the return value). A state that changed nothing shows
 * only its number, which still tells the reader that the line ran (control flow).
 */
export function formatState(options: {
  state: LineState;
  /** Cut for ordinary values' reprs. */
  reprCut: number;
  /** Cut for the values of the failure state, kept longer because they are the evidence. */
  failureReprCut: number;
}): string {
  const { state } = options;
  const cut = state.isFailureState ? Math.max(options.reprCut, options.failureReprCut) : options.reprCut;
  const parts = state.changes.map(([name, repr]) => `${name}=${cutRepr({ repr, maxChars: cut })}`);
  if (state.stdout !== undefined) parts.push(`__stdout__=${cutRepr({ repr: pythonStringRepr(state.stdout), maxChars: cut })}`);
  if (state.yielded !== undefined) parts.push(`__yield__=${cutRepr({ repr: state.yielded, maxChars: cut })}`);
  if (state.returned !== undefined) parts.push(`__return__=${cutRepr({ repr: state.returned, maxChars: cut })}`);
  // The exception's type is never cut (it is the failure); its message is, like any value.
  if (state.exception !== undefined) parts.push(`__exception__=${cutException(state.exception, cut)}`);
  if (state.stopped !== undefined) parts.push(`__stopped__=${state.stopped}`);
  return parts.length > 0 ? `(${state.order}) ${parts.join(", ")}` : `(${state.order})`;
}

/** Python's repr of a str, so printed text reads like the other values. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === "\\") out += "\\\\";
    else if (char === quote) out += "\\" + quote;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if ((char.codePointAt(0) ?? 0) < 0x20 || char === "\x7f") out += "\\x" + (char.codePointAt(0) ?? 0).toString(16).padStart(2, "0");
    else out += char;
  }
  return out + quote;
}

function cutException(text: string, cut: number): string {
  const colon = text.indexOf(": ");
  if (colon < 0) return text;
  return text.slice(0, colon + 2) + cutRepr({ repr: text.slice(colon + 2), maxChars: cut });
}
