import { blankStringsAndComments } from "./extractTestCalls.js";

/**
 * What a failing assert expected, as written in it, for a reader who wants "expected X, got Y":
 * `assert f(3) == [1, 2]` gives `[1, 2]` (the side without the call), `assert f(3) != 0` gives `not 0`,
 * `assert f(3)` gives "a true value" and `assert not f(3)` "a false value". Anything else (a helper such as
 * `math.isclose`, a `check` harness line that is not an assert) gives null: better no claim than a wrong one.
 */
export function expectedOfTest(options: { statement: string; calledName: string }): string | null {
  const statement = options.statement.trim();
  if (!/^assert\b/.test(statement)) return null;
  const body = topLevelBeforeComma(statement.slice("assert".length)).trim();
  const code = blankStringsAndComments(body);
  const hasCall = (text: string) => new RegExp(`(?<![\\w.])${options.calledName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\(`).test(text);
  const comparison = findTopLevel(code, ["==", "!="]);
  if (comparison) {
    const left = body.slice(0, comparison.index).trim();
    const right = body.slice(comparison.index + 2).trim();
    const leftCode = code.slice(0, comparison.index);
    // The expected side is the one without the call; `assert f(x) == y` (the usual order) when unclear.
    const expected = hasCall(leftCode) || !hasCall(code.slice(comparison.index + 2)) ? right : left;
    return comparison.operator === "==" ? expected : `not ${expected}`;
  }
  if (/^not\s/.test(body) && hasCall(code)) return "a false value";
  if (hasCall(code)) return "a true value";
  return null;
}

/** The assert's condition: the text before its top-level comma (the message), if any. */
function topLevelBeforeComma(text: string): string {
  const found = findTopLevel(blankStringsAndComments(text), [","]);
  return found ? text.slice(0, found.index) : text;
}

/** The first of `operators` outside brackets (strings already blanked); `==` is never taken from `<=`/`>=`. */
function findTopLevel(code: string, operators: string[]): { index: number; operator: string } | null {
  let depth = 0;
  for (let i = 0; i < code.length; i += 1) {
    const char = code[i];
    if ("([{".includes(char)) depth += 1;
    else if (")]}".includes(char)) depth -= 1;
    else if (depth === 0) {
      const operator = operators.find((op) => code.startsWith(op, i));
      if (operator && !(operator === "==" && "<>=!".includes(code[i - 1] ?? ""))) return { index: i, operator };
    }
  }
  return null;
}
