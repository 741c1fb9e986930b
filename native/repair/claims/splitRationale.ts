import { parseWholeLiteral } from "./pythonLiteral.js";

/**
 * Cuts a rationale into sentences and clauses and marks the ones that make no claim about the buggy run:
 * hedged or counterfactual clauses ("might", "should be", "if …", "the expected output is …") and every
 * sentence about the fix ("To fix this, …", a "Fix:" section, "With this change …"). Precision over
 * recall: a clause that could be read either way is marked hedged.
 */
export interface RationaleClause {
  text: string;
  isHedged: boolean;
}

export interface RationaleSentence {
  text: string;
  clauses: RationaleClause[];
  /** True for sentences about the fix or the intended behaviour: none of their clauses is checked. */
  isSkipped: boolean;
}

const hedgeWords = [
  "might", "may", "maybe", "could", "would", "should", "shall", "ought", "can", "cannot", "probably", "possibly", "perhaps",
  "likely", "presumably", "supposed", "expect", "expects", "expected", "expecting", "expectation", "intended", "intend", "intends",
  "want", "wants", "wanted", "must", "guess", "assume", "assumes", "assuming", "suppose", "supposing", "seem", "seems", "seemingly",
  "think", "believe", "correct", "correctly", "desired", "ideally", "hopefully", "if", "unless", "whether", "instead", "rather",
  "asserts", "assert", "assertion", "answer", "goal", "needs", "need", "required", "requires", "checks", "wish", "hypothetically",
  "fix", "fixes", "fixed", "fixing", "otherwise", "test", "tests", "testcase", "whenever", "typically", "usually", "generally", "normally", "e.g", "example",
];
const hedgePattern = new RegExp(`\\b(?:${hedgeWords.map((word) => word.replace(".", "\\.")).join("|")})\\b|\\bappears? to\\b|\\bthe right\\b|\\?`, "i");

const carriedHedgePattern = /\b(?:might|may|maybe|could|would|should|shall|ought|can|cannot|probably|possibly|perhaps|likely|unlikely|presumably|supposedly|seems?|seemingly|think|believe|guess|assum\w*|suppos\w*|if|unless|whether|ideally|hopefully)\b/i;

/** A sentence that talks about the fix or the fixed program; it and the rest of its paragraph are skipped. */
const fixPattern = /\b(?:to fix|fix(?:es|ed|ing)?|the fix|corrected|correction|the solution|chang(?:e|es|ed|ing)\s+(?:it|this|that|the|line|`)|replac(?:e|es|ed|ing)|with this change|after th(?:is|e) change|with the change|once fixed|in the fixed|should (?:be )?(?:changed|replaced|use)|we need to|needs to be|instead use|use `|update (?:the|it|line)|modify|patch)\b/i;

/** A heading-like line that opens a section about the fix (skipped until a heading that is not about it). */
const fixHeadingPattern = /\b(fix|fixed|correct|corrected|solution|change|changes|patch|revised|updated|repair|new code)\b/i;

/** Clause breaks; "and"/"then" before a literal continue a list of values ("`i` is 0, 1 and 2"). */
const clauseBreak = /;|:\s|\s[—–]\s|\s--\s|,?\s+(?:but|whereas|while(?!\s+loop)|although|though|however|which|because|since|so|hence|thus|meaning|as a result)\b,?\s*|,?\s+(?:and|then)\b(?!,?\s+(?:then\s+)?(?:-?\d|['"\[({\u0002]|True\b|False\b|None\b)),?\s*|\s+(?=(?:instead of|rather than)\b)|\u0001/gi;

/** Splits a rationale into sentences with their clauses. Fenced code and indented code lines are dropped. */
export function splitRationale(rationale: string): RationaleSentence[] {
  const withoutFences = rationale.replace(/```[\s\S]*?(?:```|$)/g, "\n\n");
  const sentences: RationaleSentence[] = [];
  let isFixSection = false;
  for (const paragraph of withoutFences.split(/\n\s*\n/)) {
    let isFixContext = false;
    for (const unit of paragraphUnits(paragraph)) {
      if (unit.isHeading) {
        isFixSection = fixHeadingPattern.test(unit.text);
        continue;
      }
      if (unit.isBullet) isFixContext = false;
      for (const text of splitSentences(unit.text)) {
        const isSkipped = isFixSection || isFixContext || /^\s*(?:if|suppose|assuming|imagine|ideally|in general|for example|e\.g\.|generally|normally|usually|typically|hypothetically)\b/i.test(text);
        const clauses = splitClauses(text);
        // The clause that starts talking about the fix and all after it (in this paragraph) are not claims.
        const fixAt = clauses.findIndex((clause) => fixPattern.test(stripCode(clause.text)));
        if (fixAt >= 0) {
          isFixContext = true;
          for (const clause of clauses.slice(fixAt)) clause.isHedged = true;
        }
        sentences.push({ text, isSkipped, clauses });
      }
    }
  }
  return sentences;
}

interface Unit {
  text: string;
  isBullet: boolean;
  isHeading: boolean;
}

function paragraphUnits(paragraph: string): Unit[] {
  const units: Unit[] = [];
  let current: Unit | null = null;
  for (const raw of paragraph.split("\n")) {
    if (raw.trim() === "") continue;
    // An indented line that does not start a bullet is quoted code, not prose.
    if (/^( {4}|\t)/.test(raw) && !/^\s*([-*•]|\d+[.)])\s+/.test(raw)) continue;
    const line = raw.trim();
    const heading = /^#{1,6}\s+(.*)$/.exec(line) ?? /^\*\*([^*]+)\*\*:?$/.exec(line) ?? /^([A-Z][\w ()-]{0,40}):$/.exec(line);
    if (heading) {
      if (current) units.push(current);
      current = null;
      units.push({ text: heading[1], isBullet: false, isHeading: true });
      continue;
    }
    const bullet = /^([-*•]|\d+[.)])\s+(.*)$/.exec(line);
    if (bullet) {
      if (current) units.push(current);
      current = { text: bullet[2], isBullet: true, isHeading: false };
      continue;
    }
    if (current) current.text += ` ${line}`;
    else current = { text: line, isBullet: false, isHeading: false };
  }
  if (current) units.push(current);
  return units;
}

/** Splits at a full stop, ! or ? followed by a space and a sentence start, never inside a code span. */
function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inCode = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "`") inCode = !inCode;
    if (inCode || !".!?".includes(ch)) continue;
    const rest = text.slice(i + 1);
    if (!/^\s+["'`(\[A-Z0-9-]/.test(rest) && rest.trim() !== "") continue;
    if (ch === "." && /\b(?:e\.g|i\.e|vs|etc|approx|resp)$/i.test(text.slice(start, i))) continue;
    const sentence = text.slice(start, i + 1).trim();
    if (sentence) out.push(sentence);
    start = i + 1;
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** Splits a sentence into clauses at conjunctions and punctuation outside code spans; marks hedged ones. */
function splitClauses(sentence: string): RationaleClause[] {
  const { masked: code, spans } = maskCode(sentence);
  const masked = breakParentheticals(code);
  const pieces: Array<{ text: string; breakBefore: string }> = [];
  let last = 0;
  let breakBefore = "";
  for (const match of masked.matchAll(clauseBreak)) {
    pieces.push({ text: masked.slice(last, match.index), breakBefore });
    breakBefore = match[0];
    last = match.index! + match[0].length;
  }
  pieces.push({ text: masked.slice(last), breakBefore });
  const clauses: RationaleClause[] = [];
  // A hedge carries over "and", "so", "which" … to the clauses after it ("Presumably the loop runs 3 times
  // and `out` ends up as [5, 6]"), until a contrast ("but", "however", ";") or a parenthesis.
  let isCarried = false;
  for (const piece of pieces) {
    const text = piece.text.trim().replace(/[.!]+$/, "").trim();
    if (/^(?:;|\u0001)$|\b(?:but|however|though|although|whereas)\b/i.test(piece.breakBefore.trim()) || piece.breakBefore.includes("\u0001")) isCarried = false;
    if (text === "") continue;
    const isHedged: boolean = isCarried || hedgePattern.test(text);
    clauses.push({ text: unmask(text, spans), isHedged });
    // Only a hedge of belief carries; "instead of 6", "the test …", "expected …" name another value, not a doubt.
    if (!piece.breakBefore.includes("\u0001") && carriedHedgePattern.test(text)) isCarried = true;
  }
  return clauses;
}

/** "returns 3 (expected 6)": a parenthetical after a space is a clause of its own; a call's parentheses are not. */
function breakParentheticals(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "(" && (i === 0 || /\s/.test(text[i - 1]))) {
      let depth = 0;
      let j = i;
      for (; j < text.length; j += 1) {
        if (text[j] === "(") depth += 1;
        else if (text[j] === ")" && --depth === 0) break;
      }
      if (j < text.length && parseWholeLiteral(text.slice(i, j + 1)) === null) {
        out += `\u0001${text.slice(i + 1, j)}\u0001`;
        i = j + 1;
        continue;
      }
    }
    out += text[i];
    i += 1;
  }
  return out;
}

const codeToken = (index: number) => `\u0000${index}\u0000`;
const literalToken = (index: number) => `\u0002${index}\u0002`;

/** Replaces code spans with placeholders so that splitting and hedge words never look inside them. */
function maskCode(text: string): { masked: string; spans: string[] } {
  const spans: string[] = [];
  const hide = (token: (index: number) => string) => (span: string) => {
    spans.push(span);
    return token(spans.length - 1);
  };
  // Code spans, then bracketed literals and quoted strings in prose ("{'a': 1, 'b': 2}" has a ": " inside).
  const masked = text.replace(/`[^`]*`/g, hide(codeToken)).replace(/'[^'\n]*'|"[^"\n]*"/g, (span) => (/^'(?:s|t|re|ll|ve|d)\b/.test(span) ? span : hide(literalToken)(span)));
  return { masked: maskBrackets(masked, hide(literalToken)), spans };
}

/** Hides each outermost [...] and {...} that parses as a literal (a code span's placeholder inside is kept as is). */
function maskBrackets(text: string, hide: (span: string) => string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text[i];
    if (open === "[" || open === "{") {
      const close = open === "[" ? "]" : "}";
      let depth = 0;
      let j = i;
      for (; j < text.length; j += 1) {
        if (text[j] === open) depth += 1;
        else if (text[j] === close && --depth === 0) break;
      }
      if (j < text.length) {
        out += hide(text.slice(i, j + 1));
        i = j + 1;
        continue;
      }
    }
    out += text[i];
    i += 1;
  }
  return out;
}

function unmask(text: string, spans: string[]): string {
  // A masked bracket may hold masked code spans: undo until none is left.
  let out = text;
  while (/([\u0000\u0002])\d+\1/.test(out)) out = out.replace(/([\u0000\u0002])(\d+)\1/g, (_, _mark: string, index: string) => spans[Number(index)]);
  return out;
}

/** The text with its code spans emptied (for word tests that must not see code). */
export function stripCode(text: string): string {
  return text.replace(/`[^`]*`/g, "``");
}
