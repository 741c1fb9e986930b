/**
 * Where each physical line's statement ends, so an inline comment goes after the whole statement and never
 * inside a multi-line string, bracket or backslash continuation. Returns, for each 1-based physical line,
 * the 1-based last line of the logical line it belongs to (index 0 unused).
 *
 * A small scanner instead of a Python tokenizer: we only need strings (incl. triple-quoted and prefixed),
 * comments, brackets and backslashes; an unterminated construct just runs to the end of the text.
 */
export function scanLogicalLines(options: { source: string }): number[] {
  const { source } = options;
  const lineCount = source.split("\n").length;
  const startOf: number[] = new Array(lineCount + 1).fill(0);
  let line = 1;
  let logicalStart = 1;
  let depth = 0;
  let quote: string | null = null; // the closing delimiter of the open string: ', ", ''' or """
  let isContinued = false;
  const endOf: number[] = new Array(lineCount + 1).fill(0);
  const closeLogical = (lastLine: number) => {
    for (let l = logicalStart; l <= lastLine; l += 1) endOf[l] = lastLine;
    logicalStart = lastLine + 1;
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === "\n") {
      startOf[line] = logicalStart;
      // A single-quoted string cannot span lines (without a backslash): treat it as closed, like Python's error recovery.
      if (quote !== null && quote.length === 1 && !isContinued) quote = null;
      if (quote === null && depth === 0 && !isContinued) closeLogical(line);
      isContinued = false;
      line += 1;
      continue;
    }
    isContinued = false;
    if (quote !== null) {
      if (char === "\\") {
        if (source[i + 1] === "\n") isContinued = quote.length === 1;
        else i += 1;
        continue;
      }
      if (source.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (char === "#") {
      while (i + 1 < source.length && source[i + 1] !== "\n") i += 1;
    } else if (char === "'" || char === '"') {
      const triple = char.repeat(3);
      quote = source.startsWith(triple, i) ? triple : char;
      i += quote.length - 1;
    } else if (char === "(" || char === "[" || char === "{") {
      depth += 1;
    } else if (char === ")" || char === "]" || char === "}") {
      depth = Math.max(0, depth - 1);
    } else if (char === "\\" && source[i + 1] === "\n") {
      isContinued = true;
    }
  }
  closeLogical(lineCount);
  return endOf;
}
