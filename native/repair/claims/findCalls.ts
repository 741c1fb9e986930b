import { formatPyValue, parsePythonLiteral, pyEquals, type PyValue } from "./pythonLiteral.js";

/** A call of one of the program's functions with literal arguments only, e.g. `total([1, 2, 3])`. */
export interface LiteralCall {
  name: string;
  args: PyValue[];
  kwargs: Array<[string, PyValue]>;
  /** The call written canonically (what gets traced). */
  text: string;
}

/** Parses `name(literal, ..., key=literal)`; null for anything else (a nested call, a name, an expression). */
export function parseLiteralCall(text: string): LiteralCall | null {
  const head = /^\s*([A-Za-z_]\w*)\s*\(/.exec(text);
  if (!head) return null;
  const parsed = readArguments(text, head[0].length);
  if (!parsed || text.slice(parsed.end).trim() !== "") return null;
  return { name: head[1], ...parsed.call, text: formatCall(head[1], parsed.call.args, parsed.call.kwargs) };
}

/** Every call of a function in `functions` with literal arguments in a piece of prose, with its position. */
export function findLiteralCalls(text: string, functions: Set<string>): Array<{ call: LiteralCall; start: number; end: number }> {
  const found: Array<{ call: LiteralCall; start: number; end: number }> = [];
  for (const match of text.matchAll(/\b([A-Za-z_]\w*)\(/g)) {
    if (!functions.has(match[1])) continue;
    const start = match.index!;
    const parsed = readArguments(text, start + match[0].length);
    if (!parsed) continue;
    found.push({ call: { name: match[1], ...parsed.call, text: formatCall(match[1], parsed.call.args, parsed.call.kwargs) }, start, end: parsed.end });
  }
  return found;
}

function readArguments(text: string, start: number): { call: Pick<LiteralCall, "args" | "kwargs">; end: number } | null {
  const args: PyValue[] = [];
  const kwargs: Array<[string, PyValue]> = [];
  let i = start;
  const skip = () => {
    while (/\s/.test(text[i] ?? "")) i += 1;
  };
  skip();
  while (text[i] !== ")") {
    const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(text.slice(i));
    if (keyword) i += keyword[0].length;
    const value = parsePythonLiteral(text, i);
    if (!value) return null;
    if (keyword) kwargs.push([keyword[1], value.value]);
    else if (kwargs.length > 0) return null;
    else args.push(value.value);
    i = value.end;
    skip();
    if (text[i] === ",") {
      i += 1;
      skip();
    } else if (text[i] !== ")") return null;
  }
  return { call: { args, kwargs }, end: i + 1 };
}

function formatCall(name: string, args: PyValue[], kwargs: Array<[string, PyValue]>): string {
  return `${name}(${[...args.map(formatPyValue), ...kwargs.map(([key, value]) => `${key}=${formatPyValue(value)}`)].join(", ")})`;
}

/** Whether two calls are the same call: same function, equal arguments (so `f([1,2])` is `f([1, 2])`). */
export function isSameCall(a: LiteralCall, b: LiteralCall): boolean {
  return a.name === b.name && a.args.length === b.args.length && a.args.every((arg, index) => sameValue(arg, b.args[index]))
    && a.kwargs.length === b.kwargs.length && a.kwargs.every(([key, value]) => b.kwargs.some(([otherKey, other]) => key === otherKey && sameValue(value, other)));
}

function sameValue(a: PyValue, b: PyValue): boolean {
  return pyEquals(a, b) && pyEquals(b, a);
}
