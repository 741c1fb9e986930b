/**
 * The statement loops and functions of a Python program, found by indentation (no Python needed): enough
 * to say which lines are a loop's header and body, so a trace can be cut into iterations. A loop whose
 * body shares its header's line (`for x in xs: s += x`) has no separate body and is left out.
 */
export interface ProgramLoop {
  /** 1-based line of the `for`/`while` header (its first line when it spans several). */
  header: number;
  /** First and last line of the body (inclusive). */
  bodyStart: number;
  bodyEnd: number;
  kind: "for" | "while";
  /** Names bound by a `for` target (`i`, or `i` and `x` for `for i, x in ...`); empty for `while`. */
  targets: string[];
  /** The innermost enclosing function's name, or "<module>". */
  functionName: string;
}

export interface ProgramFunction {
  name: string;
  line: number;
}

export interface ProgramShape {
  loops: ProgramLoop[];
  functions: ProgramFunction[];
  /** 1-based numbers of lines that hold code (not blank, not only a comment). */
  codeLines: Set<number>;
  lineCount: number;
  /** Whether the program has an `assert` statement of its own (an AssertionError may then be its own). */
  hasAssert: boolean;
}

interface OpenBlock {
  indent: number;
  kind: "def" | "loop" | "other";
  name?: string;
  loop?: ProgramLoop;
}

export function readProgramShape(program: string): ProgramShape {
  const lines = program.split(/\r?\n/);
  const logical = logicalLines(lines);
  const loops: ProgramLoop[] = [];
  const functions: ProgramFunction[] = [];
  const codeLines = new Set<number>();
  const stack: OpenBlock[] = [];
  let hasAssert = false;
  for (const { first, last, text } of logical) {
    for (let line = first; line <= last; line += 1) codeLines.add(line);
    const indent = text.length - text.trimStart().length;
    const stripped = text.trim();
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) {
      const closed = stack.pop()!;
      if (closed.loop && closed.loop.bodyEnd < closed.loop.bodyStart) loops.splice(loops.indexOf(closed.loop), 1);
    }
    // Every still-open loop's body reaches this line.
    for (const block of stack) if (block.loop) block.loop.bodyEnd = last;
    if (/^assert\b/.test(stripped)) hasAssert = true;
    const isBlock = /:\s*(#.*)?$/.test(stripped);
    const def = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(stripped);
    if (def) {
      functions.push({ name: def[1], line: first });
      if (isBlock) stack.push({ indent, kind: "def", name: def[1] });
      continue;
    }
    const loopMatch = /^(?:async\s+)?(for|while)\b(.*)$/.exec(stripped);
    if (loopMatch && isBlock) {
      const functionName = [...stack].reverse().find((block) => block.kind === "def")?.name ?? "<module>";
      const targets = loopMatch[1] === "for" ? forTargets(loopMatch[2]) : [];
      const loop: ProgramLoop = { header: first, bodyStart: last + 1, bodyEnd: last, kind: loopMatch[1] as "for" | "while", targets, functionName };
      loops.push(loop);
      stack.push({ indent, kind: "loop", loop });
      continue;
    }
    if (isBlock && /^(if|elif|else|try|except|finally|with|class|match|case)\b/.test(stripped)) stack.push({ indent, kind: "other" });
  }
  for (const block of stack) if (block.loop && block.loop.bodyEnd < block.loop.bodyStart) loops.splice(loops.indexOf(block.loop), 1);
  return { loops, functions, codeLines, lineCount: lines.length, hasAssert };
}

function forTargets(rest: string): string[] {
  const target = /^\s*\(?\s*([A-Za-z_][\w\s,()]*?)\s*\)?\s+in\b/.exec(rest);
  if (!target) return [];
  return target[1].split(/[\s,()]+/).filter((name) => /^[A-Za-z_]\w*$/.test(name));
}

/**
 * Joins physical lines into statements: brackets left open, a trailing backslash or an open triple-quoted
 * string continue the statement. Blank and comment-only lines are dropped. Strings are skipped roughly
 * (quotes and escapes), which is enough to keep brackets inside them from counting.
 */
function logicalLines(lines: string[]): Array<{ first: number; last: number; text: string }> {
  const out: Array<{ first: number; last: number; text: string }> = [];
  let depth = 0;
  let openTriple: string | null = null;
  let current: { first: number; last: number; text: string } | null = null;
  lines.forEach((raw, index) => {
    const number = index + 1;
    if (current === null && openTriple === null && depth === 0 && (raw.trim() === "" || raw.trim().startsWith("#"))) return;
    if (current === null) current = { first: number, last: number, text: raw };
    else {
      current.last = number;
      current.text += ` ${raw.trim()}`;
    }
    let continues = false;
    for (let i = 0; i < raw.length; i += 1) {
      const ch = raw[i];
      if (openTriple !== null) {
        if (raw.startsWith(openTriple, i)) {
          i += 2;
          openTriple = null;
        } else if (ch === "\\") i += 1;
        continue;
      }
      if (ch === "#") break;
      if (raw.startsWith('"""', i) || raw.startsWith("'''", i)) {
        openTriple = raw.slice(i, i + 3);
        i += 2;
        continue;
      }
      if (ch === '"' || ch === "'") {
        let j = i + 1;
        while (j < raw.length && raw[j] !== ch) j += raw[j] === "\\" ? 2 : 1;
        i = j;
        continue;
      }
      if ("([{".includes(ch)) depth += 1;
      else if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
    }
    if (raw.trimEnd().endsWith("\\")) continues = true;
    if (depth === 0 && openTriple === null && !continues) {
      out.push(current);
      current = null;
    }
  });
  if (current !== null) out.push(current);
  return out;
}

/** Of loops that ran, the outermost ("outer") or innermost ("inner") ones: none nests in / holds another. */
export function nestedLoops(loops: ProgramLoop[], qualifier: "outer" | "inner"): ProgramLoop[] {
  const holds = (a: ProgramLoop, b: ProgramLoop) => a !== b && b.header >= a.bodyStart && b.header <= a.bodyEnd;
  return qualifier === "outer" ? loops.filter((loop) => !loops.some((other) => holds(other, loop))) : loops.filter((loop) => !loops.some((other) => holds(loop, other)));
}
