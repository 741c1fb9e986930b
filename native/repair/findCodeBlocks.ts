/** A candidate program in a completion: a fenced block, or (when there are no fences) a run of code lines. */
export interface CodeBlock {
  code: string;
  /** Offsets in the text: the block (fences included) is text.slice(start, end). */
  start: number;
  end: number;
  /** Info string of the opening fence, lower case ("" for none); null for an unfenced block. */
  language: string | null;
  /** False when the text ended inside the block (no closing fence, or code up to the last line). */
  isClosed: boolean;
}

const OPEN_FENCE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const PYTHON_TAGS = new Set(["", "python", "python3", "py", "py3"]);

/**
 * Fenced blocks (``` or ~~~, with or without a language), in order. A closing fence may end the last code
 * line ("    return x```"), as models often write it. A fence left open runs to the end of the text.
 */
export function findFencedBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = splitLines(text);
  let open: { fence: string; language: string; start: number; bodyStart: number } | null = null;
  for (const line of lines) {
    if (!open) {
      const match = OPEN_FENCE.exec(line.text);
      if (match) open = { fence: match[1]!, language: match[2]!.toLowerCase(), start: line.start, bodyStart: line.end };
      continue;
    }
    const closing = closesFence(line.text, open.fence);
    if (closing === null) continue;
    const body = text.slice(open.bodyStart, line.start) + closing;
    blocks.push({ code: body, start: open.start, end: line.end, language: open.language, isClosed: true });
    open = null;
  }
  if (open) blocks.push({ code: text.slice(open.bodyStart), start: open.start, end: text.length, language: open.language, isClosed: false });
  return blocks;
}

/** The blocks that may hold the program: those tagged Python or untagged; all of them when none is. */
export function pythonBlocks(blocks: CodeBlock[]): CodeBlock[] {
  const tagged = blocks.filter((block) => PYTHON_TAGS.has(block.language ?? ""));
  return tagged.length > 0 ? tagged : blocks;
}

/** Returns the code before a closing fence on this line ("" for a bare fence), or null when it does not close. */
function closesFence(line: string, fence: string): string | null {
  const trimmed = line.trimEnd();
  const char = fence[0]!;
  let run = 0;
  while (run < trimmed.length && trimmed[trimmed.length - 1 - run] === char) run++;
  if (run < fence.length) return null;
  const before = trimmed.slice(0, trimmed.length - run);
  if (before.trim() === "") return "";
  // Only a backtick fence glued to a code line closes it; "~~~" inside code is rare but "x = '~~~'" is not.
  return char === "`" ? `${before}\n` : null;
}

const DEF_START = /^(async[ \t]+def|def|class)[ \t]+\w+/;
const IMPORT_LINE = /^(import[ \t]+[\w.]+([ \t]+as[ \t]+\w+)?([ \t]*,[ \t]*[\w.]+([ \t]+as[ \t]+\w+)?)*|from[ \t]+[\w.]+[ \t]+import[ \t]+.+)[ \t]*$/;
const COMPOUND_HEADER = /^(if|elif|else|for|while|try|except|finally|with)\b.*:[ \t]*(#.*)?$/;
const SIMPLE_STATEMENT = /^(return|assert|raise|pass|break|continue|global|nonlocal|del|yield)\b/;
const ASSIGN_OR_CALL = /^[A-Za-z_][\w.]*(\[[^\]]*\])?([ \t]*(=(?!=)|\+=|-=|\*=|\/=|\/\/=|%=)|\()/;

/** A line at column 0 that starts a run of unfenced code: a def, class, decorator or import. */
function startsCode(line: string): boolean {
  return DEF_START.test(line) || IMPORT_LINE.test(line) || /^@[\w.]+/.test(line);
}

/** A line that continues a run of code: blank, indented, or a column-0 statement (not prose). */
function continuesCode(line: string): boolean {
  if (line.trim() === "" || /^[ \t]/.test(line)) return true;
  return startsCode(line) || line.startsWith("#") || COMPOUND_HEADER.test(line) || SIMPLE_STATEMENT.test(line)
    || ASSIGN_OR_CALL.test(line) || /^[)\]}]/.test(line);
}

/**
 * Runs of unfenced code: from a column-0 def/class/decorator/import line to the first column-0 line that
 * reads as prose (stray prose after the code ends the run), trailing blank lines dropped.
 */
export function findUnfencedBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = splitLines(text);
  let i = 0;
  while (i < lines.length) {
    if (!startsCode(lines[i]!.text)) { i++; continue; }
    const first = i;
    let last = i;
    i++;
    while (i < lines.length && continuesCode(lines[i]!.text)) {
      if (lines[i]!.text.trim() !== "") last = i;
      i++;
    }
    const start = lines[first]!.start;
    const end = lines[last]!.end;
    const reachesEnd = text.slice(end).trim() === "";
    blocks.push({ code: text.slice(start, end), start, end, language: null, isClosed: !reachesEnd });
  }
  return blocks;
}

interface Line { text: string; start: number; end: number }

/** Lines with their offsets; `end` includes the newline. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push({ text: text.slice(start, newline === -1 ? text.length : newline), start, end });
    start = end;
  }
  return lines;
}
