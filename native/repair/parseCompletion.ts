import { findFencedBlocks, findUnfencedBlocks, pythonBlocks, type CodeBlock } from "./findCodeBlocks.js";
import { looksCutOff } from "./looksCutOff.js";
import { stripReasoning, stripTemplateDebris } from "./stripTemplateDebris.js";

/** Why a completion has no program to run. Documented in docs/prompt.md ("Parser"). */
export type UnparsableReason =
  /** Nothing but whitespace (and template debris). */
  | "empty"
  /** No fenced block and no run of code lines. */
  | "no_code"
  /** The chosen block holds only whitespace. */
  | "empty_code"
  /** The token budget ran out inside the program and it visibly stops mid-construct (verify adds the cut-offs that do not compile). */
  | "truncated";

export type ParsedCompletion =
  | {
    ok: true;
    rationale: string;
    code: string;
    /**
     * True when the text ended inside the chosen program because the token budget ran out, but the cut is not
     * visibly mid-construct: verify turns a `syntax` verdict of such a program into `unparsable`/`truncated`.
     */
    cutOff?: boolean;
  }
  | { ok: false; reason: UnparsableReason | string; rationale: string };

export interface ParseCompletionOptions {
  /** The function the tests call; picks among several blocks. Default: none (the last block wins). */
  entryPoint?: string;
  /** The sampling backend's finish reason ("maxTokens" marks a cut-off). Default: unknown (not cut off). */
  finishReason?: string;
}

/**
 * Splits a completion into its rationale and the fixed program (docs/prompt.md, "Parser"):
 * 1. Chat-template debris is removed and the text is cut at the first end-of-turn marker; reasoning blocks
 *    (`<think>…</think>`) are dropped, code drafted in them is not the answer.
 * 2. Candidates are the fenced blocks tagged Python or untagged (all fenced blocks when none is); with no
 *    fences, the runs of code lines that start at a column-0 def/class/decorator/import.
 * 3. When the budget ran out inside the last candidate, that block is the answer (the model was writing
 *    it): `truncated` if it visibly stops mid-construct, else returned with `cutOff`.
 *    Otherwise the last candidate that defines the entry point at top level is chosen, else the last one:
 *    models often quote the buggy code before the fix.
 * 4. The code is dedented; the rationale is the text before the chosen block (labels "Rationale:" and
 *    "Fixed program:" dropped), or the text after it when nothing comes before.
 */
export function parseCompletion(text: string, { entryPoint, finishReason }: ParseCompletionOptions = {}): ParsedCompletion {
  const reasoning = stripReasoning(stripTemplateDebris(text));
  const clean = reasoning.text;
  // The budget ran out while the model was still reasoning: its answer was cut off before it began.
  if (reasoning.isOpen && clean.trim() === "") return { ok: false, reason: finishReason === "maxTokens" ? "truncated" : "no_code", rationale: "" };
  if (clean.trim() === "") return { ok: false, reason: "empty", rationale: "" };
  const fenced = findFencedBlocks(clean);
  const blocks = fenced.length > 0 ? pythonBlocks(fenced) : findUnfencedBlocks(clean);
  const last = blocks.at(-1);
  const isCutOff = finishReason === "maxTokens" && last !== undefined && !last.isClosed;
  const candidates = blocks.filter((block) => block.code.trim() !== "");
  if (!isCutOff && candidates.length === 0) {
    const reason = fenced.length > 0 ? "empty_code" : "no_code";
    return { ok: false, reason, rationale: cleanRationale(clean) };
  }
  const chosen = isCutOff ? last : chooseBlock(candidates, entryPoint);
  const rationale = rationaleAround(clean, chosen);
  const code = dedent(chosen.code).replace(/\s+$/, "") + "\n";
  if (isCutOff && (code.trim() === "" || looksCutOff(code))) return { ok: false, reason: "truncated", rationale };
  return isCutOff ? { ok: true, rationale, code, cutOff: true } : { ok: true, rationale, code };
}

function chooseBlock(candidates: CodeBlock[], entryPoint: string | undefined): CodeBlock {
  if (entryPoint) {
    const defines = new RegExp(`^(async[ \\t]+)?def[ \\t]+${escapeRegExp(entryPoint)}[ \\t]*\\(|^${escapeRegExp(entryPoint)}[ \\t]*=`, "m");
    const defining = candidates.filter((block) => defines.test(dedent(block.code)));
    if (defining.length > 0) return defining.at(-1)!;
  }
  return candidates.at(-1)!;
}

function rationaleAround(text: string, block: CodeBlock): string {
  const before = cleanRationale(text.slice(0, block.start));
  return before !== "" ? before : cleanRationale(text.slice(block.end));
}

/** Drops our format's labels so the rationale is the explanation alone. */
function cleanRationale(text: string): string {
  return text
    .trim()
    .replace(/^(#+[ \t]*)?\**rationale\**[ \t]*:?\**[ \t]*\n?/i, "")
    .replace(/\n?[ \t]*(#+[ \t]*)?\**(the[ \t]+)?(fixed|corrected)[ \t]+(program|code|function|version)\**[ \t]*:?\**[ \t]*$/i, "")
    .trim();
}

/** Removes the indentation every non-blank line shares (models sometimes indent the whole block). */
function dedent(code: string): string {
  const lines = code.split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0]);
  if (indents.length === 0) return code;
  let common = indents[0]!;
  for (const indent of indents) while (!indent.startsWith(common)) common = common.slice(0, -1);
  return common === "" ? code : lines.map((line) => line.startsWith(common) ? line.slice(common.length) : line.trimStart()).join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
