import { parseWholeLiteral, type PyValue } from "./pythonLiteral.js";
import { readClaimValue, readWorkedValue } from "./readClaimValue.js";
import type { Claim, ClaimSubject, ClaimTime, Comparison } from "./types.js";

interface ReadOptions {
  knownVariables: Set<string>;
  functions: Set<string>;
}

const placeholder: ClaimSubject = { kind: "traced" };
/** English words never read as a bare variable name, even when the program has a variable so named. */
const notVariables = new Set(["a", "an", "the", "it", "is", "in", "on", "at", "to", "of", "or", "and", "if", "as", "be", "by", "no", "so", "we", "he", "do", "up", "this", "that", "which", "then", "value", "loop", "function", "line", "code", "result"]);

/** Variable names that are also everyday words; written bare after an article they are read as English. */
const everydayNames = new Set(["left", "right", "start", "end", "first", "last", "next", "prev", "current", "count", "total", "sum", "max", "min", "low", "high", "mid", "middle", "index", "key", "item", "word", "char", "length", "size", "number", "step", "steps", "answer", "output", "res", "best", "top", "bottom", "head", "tail", "node", "element", "list", "string", "counter", "product", "pair", "pairs", "target", "limit", "width", "height", "depth", "level", "position", "offset", "carry", "sign", "flag", "found"]);

const valueVerb = /^(?:'s\s+value|’s\s+value|\s+variable)?\s+(?:(?:now|still|then|already|only|just|actually|also|immediately|currently|again)\s+)*(is equal to|was equal to|is set to|was set to|gets set to|is assigned(?: to)?|was assigned(?: to)?|gets assigned(?: to)?|is updated to|was updated to|gets updated to|is incremented to|was incremented to|is decremented to|was decremented to|is changed to|changes to|becomes equal to|becomes|became|equals|is initialized to|was initialized to|is initially|was initially|starts (?:at|as|from|with)|started (?:at|as|from|with)|ends up (?:as|at|being|with)|ends up|ended up (?:as|at|being|with)|ended up|ends (?:as|at)|ended (?:as|at)|finishes (?:as|at)|only goes up to|goes up to|go up to|went up to|only reaches|increases to|increased to|decreases to|decreased to|grows to|grew to|drops to|dropped to|falls to|rises to|reaches|reached|hits|holds|has the value(?: of)?|has value|takes the values?(?: of)?|takes values?|goes through|stays at|stays|stayed at|stayed|remains at|remains|remained at|remained|is|was|=)(?=[\s`'"\[({\-0-9])/i;

const quantifier = /^\s+(?:(?:is|was|stays|remains|will be)\s+)?(never|always|not ever|at no point)\s+(?:(?:be|been|become|becomes|gets|get|goes|go)\s+)?/i;
const stayAdjective = /^\s+(?:stays|remains|is always|was always|always stays|always remains)\s+(negative|positive|non-negative|nonnegative|zero)\b/i;

/** Reads value claims ("`total` is 5", "`i` reaches 4", "`x` is never negative", "`s = 3`") from one clause. */
export function readVariableClaims(text: string, options: ReadOptions): Array<{ claim: Claim; start: number; end: number }> {
  const claims: Array<{ claim: Claim; start: number; end: number }> = [];
  const covered: Array<[number, number]> = [];
  for (const subject of findSubjects(text, options)) {
    if (covered.some(([start, end]) => subject.start >= start && subject.start < end)) continue;
    const rest = text.slice(subject.end);
    const stay = stayAdjective.exec(rest);
    if (stay && subject.variable) {
      const [comparison, value] = adjectiveComparison(stay[1].toLowerCase(), "always");
      claims.push({ claim: { text, kind: "always", subject: placeholder, variable: subject.variable, comparison, value }, start: subject.start, end: subject.end + stay[0].length });
      continue;
    }
    const quantified = quantifier.exec(rest);
    if (quantified) {
      const claim = readQuantified(text, subject.end + quantified[0].length, quantified[1].toLowerCase() === "always" ? "always" : "never");
      if (claim && subject.variable) claims.push({ claim: { text, kind: "always", subject: placeholder, variable: subject.variable, comparison: claim.comparison, value: claim.value }, start: subject.start, end: claim.end });
      else if (claim) claims.push({ claim: { text, kind: "unverifiable", claimKind: "always", reason: `\`${subject.expression}\` is an expression, not a variable of the run` }, start: subject.start, end: claim.end });
      continue;
    }
    const verb = valueVerb.exec(rest);
    if (!verb) continue;
    const value = /^(?:=|is|was|becomes|became|equals)$/i.test(verb[1]) ? readWorkedValue(text, subject.end + verb[0].length) : readClaimValue(text, subject.end + verb[0].length);
    if (!value) continue;
    const sequence = readSequence(text, value);
    covered.push([subject.start, sequence.end]);
    if (!subject.variable) {
      claims.push({ claim: { text, kind: "unverifiable", claimKind: "value", reason: `\`${subject.expression}\` is an expression, not a variable of the run` }, start: subject.start, end: sequence.end });
      continue;
    }
    const time: ClaimTime = sequence.values.length > 1 ? { kind: "sequence", values: sequence.values } : timeOfVerb(verb[1]);
    claims.push({ claim: { text, kind: "value", subject: placeholder, variable: subject.variable, value: value.value, time }, start: subject.start, end: sequence.end });
  }
  // NExT-style states in code: `s = 3`, `i=2, s=3`.
  for (const span of text.matchAll(/`([^`]+)`/g)) {
    if (covered.some(([start, end]) => span.index! >= start && span.index! < end)) continue;
    const assignments = readAssignments(span[1]);
    const end = span.index! + span[0].length;
    if (assignments) for (const [variable, value] of assignments) claims.push({ claim: { text, kind: "value", subject: placeholder, variable, value, time: { kind: "any" } }, start: span.index!, end });
  }
  return claims;
}

/** "0, 1 and 2", "1, then 3", "3 → 1 → -1": values listed after the first one. */
function readSequence(text: string, first: { value: PyValue; end: number }): { values: PyValue[]; end: number } {
  const values = [first.value];
  let end = first.end;
  for (;;) {
    const joint = /^(?:\s*,\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+|\s*(?:→|->)\s*)/.exec(text.slice(end));
    if (!joint) break;
    const next = readClaimValue(text, end + joint[0].length);
    if (!next) break;
    values.push(next.value);
    end = next.end;
  }
  return { values, end };
}

interface Subject {
  /** The variable named, or null when the subject is an expression (`xs[i]`, `len(xs)`). */
  variable: string | null;
  expression: string;
  start: number;
  end: number;
}

function findSubjects(text: string, options: ReadOptions): Subject[] {
  const subjects: Subject[] = [];
  for (const match of text.matchAll(/`([^`]+)`|\b([A-Za-z_]\w*)\b(?![`(])/g)) {
    const start = match.index!;
    const end = start + match[0].length;
    if (match[1] !== undefined) {
      const inner = match[1].trim();
      if (/^[A-Za-z_]\w*$/.test(inner)) {
        if (!options.functions.has(inner)) subjects.push({ variable: inner, expression: inner, start, end });
      } else if (/^[A-Za-z_][\w.]*(?:\[[^\]]+\]|\([^)]*\))+$|^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(inner) && parseWholeLiteral(inner) === null && !/\s=\s|=/.test(inner)) {
        subjects.push({ variable: null, expression: inner, start, end });
      }
      continue;
    }
    const word = match[2];
    // A bare word is a variable only when the run has one of that name and it is not plain English.
    if (!options.knownVariables.has(word) || notVariables.has(word.toLowerCase()) || options.functions.has(word)) continue;
    if (text[start - 1] === "'" || text[start - 1] === '"') continue;
    // "the element to the left is 3": after an article, a name that is also an everyday word is English.
    if (everydayNames.has(word.toLowerCase()) && /\b(?:the|a|an|this|that|its|each|every|next|previous)\s+$/i.test(text.slice(0, start))) continue;
    subjects.push({ variable: word, expression: word, start, end });
  }
  return subjects;
}

function timeOfVerb(verb: string): ClaimTime {
  const lower = verb.toLowerCase();
  if (/^(?:starts|started|is initialized|was initialized|is initially|was initially)/.test(lower)) return { kind: "initial" };
  if (/^(?:ends|ended|finishes)/.test(lower)) return { kind: "final" };
  if (/^(?:only goes up to|goes up to|go up to|went up to|only reaches)/.test(lower)) return { kind: "max" };
  if (/^(?:stays|stayed|remains|remained)/.test(lower)) return { kind: "throughout" };
  return { kind: "any" };
}

const zero: PyValue = { kind: "int", value: 0n };

function adjectiveComparison(adjective: string, quantifierWord: "always" | "never"): [Comparison, PyValue] {
  const always: Record<string, Comparison> = { negative: "<", positive: ">", "non-negative": ">=", nonnegative: ">=", zero: "==" };
  const never: Record<string, Comparison> = { negative: ">=", positive: "<=", "non-negative": "<", nonnegative: "<", zero: "!=" };
  return [(quantifierWord === "always" ? always : never)[adjective], zero];
}

const quantifiedForms: Array<{ pattern: RegExp; always: Comparison; never: Comparison }> = [
  { pattern: /^(?:less than|smaller than|lower than|below|under)\s+/i, always: "<", never: ">=" },
  { pattern: /^(?:greater than|larger than|bigger than|more than|higher than|above|over)\s+/i, always: ">", never: "<=" },
  { pattern: /^at least\s+/i, always: ">=", never: "<" },
  { pattern: /^at most\s+/i, always: "<=", never: ">" },
  { pattern: /^(?:exceeds?|goes above|go above|goes over|go over|gets above|get above|rises above|rise above)\s+/i, always: ">", never: "<=" },
  { pattern: /^(?:drops? below|goes below|go below|falls? below|gets below|get below|dips? below)\s+/i, always: "<", never: ">=" },
  { pattern: /^(?:reaches|reach|equals|equal|equal to|hits|hit|gets to|get to|takes the value|take the value|is|be)\s+/i, always: "==", never: "!=" },
  { pattern: /^/, always: "==", never: "!=" },
];

function readQuantified(text: string, index: number, word: "always" | "never"): { comparison: Comparison; value: PyValue; end: number } | null {
  const rest = text.slice(index);
  const adjective = /^(negative|positive|non-negative|nonnegative|zero)\b/i.exec(rest);
  if (adjective) {
    const [comparison, value] = adjectiveComparison(adjective[1].toLowerCase(), word);
    return { comparison, value, end: index + adjective[0].length };
  }
  for (const form of quantifiedForms) {
    const match = form.pattern.exec(rest);
    if (!match) continue;
    const value = readClaimValue(text, index + match[0].length);
    if (value) return { comparison: form[word], value: value.value, end: value.end };
    if (match[0] !== "") return null;
  }
  return null;
}

/** `name = literal` or `a=1, b=2` inside a code span; null when the span is anything else. */
function readAssignments(code: string): Array<[string, PyValue]> | null {
  const out: Array<[string, PyValue]> = [];
  let rest = code.trim();
  while (rest !== "") {
    const head = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(rest);
    if (!head) return null;
    rest = rest.slice(head[0].length);
    // The value runs to the next ", name=" or the end.
    const next = /,\s*[A-Za-z_]\w*\s*=(?!=)/.exec(rest);
    const valueText = next ? rest.slice(0, next.index) : rest;
    const worked = readWorkedValue(valueText, 0);
    const value = parseWholeLiteral(valueText) ?? (worked && valueText.slice(worked.end).trim() === "" ? worked.value : null);
    if (!value) return null;
    out.push([head[1], value]);
    rest = next ? rest.slice(next.index + 1).trim() : "";
  }
  return out.length > 0 ? out : null;
}
