/**
 * The calls of the function under test written in a test's source, in order and without repeats, each
 * rewritten to call `entryPoint`: `assert candidate([1, 2]) == 3` in `def check(candidate)` gives
 * `has_close([1, 2])`. Used to find a failing test's call to trace: calls that use a test's local variables
 * (a loop's `x`) are returned too and simply fail to evaluate on their own, so callers try them in order.
 *
 * Strings and comments are skipped with a small scanner, so a `candidate(` inside a message is not a call.
 */
export function extractTestCalls(options: {
  test: string;
  /** The name the tests call: the parameter of `check(...)`, else the entry point. Default: detected. */
  calledName?: string;
  entryPoint: string;
}): string[] {
  const { test, entryPoint } = options;
  const calledName = options.calledName ?? /^\s*def\s+check\s*\(\s*([A-Za-z_]\w*)/m.exec(test)?.[1] ?? entryPoint;
  const code = blankStringsAndComments(test);
  const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(calledName)}\\s*\\(`, "g");
  const calls: string[] = [];
  const seen = new Set<string>();
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
    const open = match.index + match[0].length - 1;
    const close = matchingParen(code, open);
    if (close < 0) continue;
    const call = test.slice(match.index, close + 1).replace(new RegExp(`(?<![\\w.])${escapeRegExp(calledName)}(?=\\s*\\()`, "g"), entryPoint);
    // Skip the harness's own `check(candidate)` line and anything spanning a blank-line split.
    if (call === `${entryPoint}(${entryPoint})` || seen.has(call)) continue;
    seen.add(call);
    calls.push(call);
    pattern.lastIndex = open + 1; // calls nested in the arguments are tried after the outer one
  }
  return calls;
}

function matchingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i += 1) {
    const char = code[i];
    if (char === "(" || char === "[" || char === "{") depth += 1;
    else if (char === ")" || char === "]" || char === "}") {
      depth -= 1;
      if (depth === 0) return char === ")" ? i : -1;
    }
  }
  return -1;
}

/** Same length as the source, with string contents and comments replaced by spaces (quotes kept). */
export function blankStringsAndComments(source: string): string {
  const out = source.split("");
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === "#") {
      while (i < source.length && source[i] !== "\n") out[i++] = " ";
      continue;
    }
    if (char !== "'" && char !== '"') continue;
    const quote = source.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
    i += quote.length;
    while (i < source.length && !source.startsWith(quote, i)) {
      if (source[i] === "\\") out[i++] = " ";
      if (source[i] !== "\n") out[i] = " ";
      i += 1;
    }
    i += quote.length - 1;
  }
  return out.join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
