/**
 * Whether Python source visibly stops mid-construct: an open bracket or string, a line continuation, a
 * trailing operator or comma, or a block header with no body. Python cannot be compiled here (that is the
 * sandbox's job); this only catches the cut-offs that are certain without compiling. A false answer says
 * nothing: a cut-off that happens to compile is judged by the tests.
 */
export function looksCutOff(code: string): boolean {
  const state = scanBracketsAndStrings(code);
  if (state.isInString || state.depth > 0) return true;
  const lines = code.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  const last = lines.at(-1);
  if (last === undefined) return false;
  const bare = last.replace(/#.*$/, "").trimEnd();
  if (bare.endsWith("\\") || bare.endsWith(",")) return true;
  if (/(^|[^=!<>])(\+|-|\*|\/|%|\*\*|\/\/|=|==|!=|<=|>=|<|>|&|\||\^|\band|\bor|\bnot|\bin|\bis)$/.test(bare) && !/->$/.test(bare)) return true;
  // A header ("def f(x):", "for i in r:") as the last line has no body, which never compiles.
  return bare.endsWith(":") && !/lambda[^:]*:$/.test(bare);
}

/** Bracket depth and whether the text ends inside a string literal; comments are skipped. */
function scanBracketsAndStrings(code: string): { depth: number; isInString: boolean } {
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const char = code[i]!;
    if (char === "#") {
      const newline = code.indexOf("\n", i);
      i = newline === -1 ? code.length : newline;
    } else if (char === "'" || char === '"') {
      const quote = code.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      const end = findStringEnd(code, i + quote.length, quote);
      if (end === -1) return { depth, isInString: true };
      i = end;
    } else {
      if ("([{".includes(char)) depth++;
      else if (")]}".includes(char)) depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return { depth, isInString: false };
}

/** Offset just past the closing quote, or -1 when the string never closes (a one-quote string ends at a newline). */
function findStringEnd(code: string, from: number, quote: string): number {
  let i = from;
  while (i < code.length) {
    if (code[i] === "\\") { i += 2; continue; }
    if (quote.length === 1 && code[i] === "\n") return -1;
    if (code.startsWith(quote, i)) return i + quote.length;
    i++;
  }
  return -1;
}
