/**
 * Normalises Python source for duplicate detection: comments, blank lines, docstrings and layout dropped,
 * identifiers renamed in order of first appearance (v0, v1, …) except keywords, builtins and attribute names
 * (renaming `.append` would hide real differences), string and number literals kept. Two programs that
 * differ only in names, comments or formatting normalise to the same token list. A hand tokenizer, not
 * Python's `ast`: it runs without starting the sandbox and is measured in tests/bench/contamination.bench.ts.
 */
export function normalizePython(source: string): string[] {
  const tokens: string[] = [];
  const names = new Map<string, string>();
  const text = source.replace(/\r\n?/g, "\n");
  const pattern = /(#[^\n]*)|([rRbBuUfF]{0,2}(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))|([A-Za-z_][A-Za-z0-9_]*)|(\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?|\.\d+)|(\*\*=?|\/\/=?|->|:=|[<>=!]=|<<|>>|[-+*/%&|^@]=|[()[\]{}:,.;=+\-*/%<>&|^~@])|(\S)/g;
  let match: RegExpExecArray | null;
  let previous = "";
  while ((match = pattern.exec(text)) !== null) {
    const [, comment, string, name, number, operator, other] = match;
    if (comment) continue;
    if (string) {
      // A string statement right after ":" or at the start is a docstring: it documents, it does not compute.
      const isDocstring = previous === ":" || previous === "";
      if (!isDocstring) tokens.push(string.replace(/^[rRbBuUfF]+/, (prefix) => prefix.toLowerCase()));
      previous = isDocstring ? previous : "STR";
      continue;
    }
    if (name) {
      let token = name;
      if (!keywords.has(name) && !builtins.has(name) && previous !== ".") {
        if (!names.has(name)) names.set(name, `v${names.size}`);
        token = names.get(name)!;
      }
      tokens.push(token);
      previous = token;
      continue;
    }
    const token = number ?? operator ?? other!;
    tokens.push(token);
    previous = token;
  }
  return tokens;
}

const keywords = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case self".split(" "),
);

const builtins = new Set(
  ("abs all any ascii bin bool bytearray bytes callable chr classmethod complex dict dir divmod enumerate eval filter float format frozenset getattr " +
    "hasattr hash hex id input int isinstance issubclass iter len list map max min next object oct open ord pow print property range repr " +
    "reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip math re heapq collections itertools functools " +
    "Exception ValueError TypeError KeyError IndexError ZeroDivisionError StopIteration").split(" "),
);
