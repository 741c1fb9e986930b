import { findLiteralCalls } from "./findCalls.js";
import { countPattern, readClaimValue, readCount, readWorkedValue } from "./readClaimValue.js";
import type { Claim, ClaimSubject, LoopQualifier } from "./types.js";

/** A claim about the run as a whole, and whose run it names (null: the sentence's subject). */
export interface RunClaim {
  claim: Claim;
  subject: ClaimSubject | null;
}

interface ReadOptions {
  functions: Set<string>;
  knownVariables: Set<string>;
}

const placeholder: ClaimSubject = { kind: "traced" };
const negationBefore = /(?:\bnot|n't|\bnever|\bno longer|\bfails? to|\bfailing to|\bwon't|\bwithout)\s+(?:\w+\s+){0,2}$/i;

/**
 * Reads the claims about the run as a whole from one clause: what a call returns, the exception it raises
 * (and where), how often a loop runs, whether or how often a line runs.
 */
export function readRunClaims(text: string, options: ReadOptions): RunClaim[] {
  return [...readReturns(text, options), ...readExceptions(text, options), ...readLoopCounts(text), ...readLineCounts(text)];
}

const returnVerb = /\b(?:returns|returned|returning|return value (?:is|was)|returned value (?:is|was)|result (?:is|was)|output (?:is|was)|outputs|gives back|gives|produces|evaluates to|yields)\b\s*|(?<=\b(?:we|and|then|so|thus|it will|will)\s+)return\b\s*/gi;
/** Words that may stand before "returns" and still mean the function under test. */
const implicitSubjects = new Set(["we", "will", "it", "function", "code", "program", "call", "this", "that", "which", "and", "so", "then", "thus", "hence", "now", "the", "its", "final", "actual", "function's", "code's", "program's", "method", "implementation", "also", "therefore", "consequently"]);
const adverbs = "(?:now|still|then|only|just|actually|also|currently|always|incorrectly|wrongly|erroneously|mistakenly|ultimately|finally|eventually|therefore|instead|simply|really|indeed|clearly)";

function readReturns(text: string, options: ReadOptions): RunClaim[] {
  const out: RunClaim[] = [];
  for (const match of text.matchAll(returnVerb)) {
    const before = text.slice(0, match.index);
    if (negationBefore.test(before)) continue;
    // "`result` is 3" is a value claim about the variable `result` when the run has one.
    if (/^result/i.test(match[0]) && options.knownVariables.has("result") && !/\b(?:the function's|function's|return)\s*$/i.test(before)) continue;
    const subject = subjectBefore(before, options);
    if (subject === undefined) continue;
    const value = readWorkedValue(text, match.index! + match[0].length, { isLowercaseBoolOk: true });
    if (!value) continue;
    out.push({ claim: { text, kind: "return", subject: placeholder, value: value.value }, subject });
  }
  // "`total([1, 2, 3])` is 3", "total([1,2,3]) == 3": a call named with its value.
  for (const found of findLiteralCalls(text, options.functions)) {
    // Not "==": "`f(x) == 6`" is how tests and asserts are quoted, not a claim about the run.
    const after = /^`?\s*(?:is|was|equals|evaluates to|is equal to)\s+/.exec(text.slice(found.end));
    if (!after) continue;
    const value = readClaimValue(text, found.end + after[0].length);
    if (value) out.push({ claim: { text, kind: "return", subject: placeholder, value: value.value }, subject: { kind: "call", call: found.call.text } });
  }
  return out;
}

/**
 * Who "returns": a literal call right before the verb, a named program function, or an implicit subject
 * ("it", "the function", nothing); undefined when it is something else ("`range(3)` returns", "line 5
 * returns"), which is no claim about the run's result.
 */
function subjectBefore(before: string, options: ReadOptions): ClaimSubject | null | undefined {
  const trimmed = before.replace(new RegExp(`(?:\\s+${adverbs})+\\s*$`, "i"), "").trimEnd();
  if (trimmed === "") return null;
  const calls = findLiteralCalls(trimmed, options.functions);
  const lastCall = calls[calls.length - 1];
  if (lastCall && /^`?\s*(?:call)?\s*$/i.test(trimmed.slice(lastCall.end))) return { kind: "call", call: lastCall.call.text };
  const word = /(?:`([A-Za-z_]\w*)(?:\(\))?`|([A-Za-z_][\w']*)(?:\(\))?)\s*$/.exec(trimmed);
  if (!word) return /[,:;]\s*$/.test(trimmed) ? null : undefined;
  const name = word[1] ?? word[2];
  if (options.functions.has(name)) return { kind: "function", name };
  if (word[2] && implicitSubjects.has(name.toLowerCase())) return null;
  return undefined;
}

const exceptionType = "([A-Z][A-Za-z]*(?:Error|Exception)|StopIteration|KeyboardInterrupt)";
const raiseBefore = new RegExp(`\\b(?:raises|raised|throws|threw|fails with|failed with|crashes with|crashed with|results in|resulted in|leads to|led to|causes|caused|triggers|triggered|hits|ends with|ended with|terminates with|stops with|there is|there's|we get|gets|got)\\s+(?:an?\\s+|the\\s+)?\`?${exceptionType}\`?`, "gi");
const raiseAfter = new RegExp(`\`?${exceptionType}\`?\\s+(?:exception\\s+|error\\s+)?(?:(?:is|was|gets|get|being)\\s+)?(?:raised|thrown|triggered|occurs|occurred|happens|happened)\\b`, "gi");
const raiseGeneric = /\b(?:raises|throws|crashes with|fails with)\s+an?\s+(?:exception|error)\b|\bcrashes\b/gi;
const noRaise = new RegExp(`\\b(?:does not|doesn't|did not|didn't|never)\\s+(?:raise|throw|crash)(?:\\s+(?:an?\\s+|any\\s+)?\`?${exceptionType}?\`?)?|\\bno\\s+\`?(?:exception|error|${exceptionType})\`?\\s+(?:is\\s+|was\\s+)?(?:raised|thrown|occurs|happens)|\\bwithout\\s+(?:any\\s+|an?\\s+)?(?:errors?|exceptions?|crashing|raising)\\b|\\bthere\\s+(?:is|was)\\s+no\\s+(?:exception|error)\\b`, "gi");

function readExceptions(text: string, options: ReadOptions): RunClaim[] {
  const out: RunClaim[] = [];
  const lines = [...text.matchAll(/\b(?:at|on|in|from)\s+line\s+(\d+)\b|\bline\s+(\d+)\s+(?:raises|throws|crashes)\b/gi)].map((match) => Number(match[1] ?? match[2]));
  const line = lines.length === 1 ? lines[0] : null;
  const subject = explicitSubject(text, options);
  for (const match of text.matchAll(noRaise)) {
    out.push({ claim: { text, kind: "no_exception", subject: placeholder, exceptionType: match[1] ?? match[2] ?? null }, subject });
  }
  if (out.length > 0) return out;
  const types = new Set<string>();
  for (const pattern of [raiseBefore, raiseAfter]) {
    for (const match of text.matchAll(pattern)) {
      if (negationBefore.test(text.slice(0, match.index)) || /\bno\s+$/i.test(text.slice(0, match.index))) continue;
      types.add(match[1]);
    }
  }
  for (const type of types) out.push({ claim: { text, kind: "exception", subject: placeholder, exceptionType: type, line }, subject });
  if (types.size === 0) {
    const generic = [...text.matchAll(raiseGeneric)].find((match) => !negationBefore.test(text.slice(0, match.index)));
    if (generic) out.push({ claim: { text, kind: "exception", subject: placeholder, exceptionType: null, line }, subject });
  }
  return out;
}

/** A call or a program function named as the clause's subject (before its verb); null for none. */
function explicitSubject(text: string, options: ReadOptions): ClaimSubject | null {
  const calls = findLiteralCalls(text, options.functions);
  if (calls.length === 1) return { kind: "call", call: calls[0].call.text };
  const named = /^\s*(?:the\s+)?(?:call\s+to\s+|function\s+)?`?([A-Za-z_]\w*)`?(?:\(\))?\s/.exec(text);
  if (named && options.functions.has(named[1])) return { kind: "function", name: named[1] };
  return null;
}

const loopNoun = "(?:the\\s+)?(?:`(?<pre>[A-Za-z_]\\w*)`\\s+)?(?:(?<qualifier>for|while|outer|inner|main|first|second)\\s+)?(?:`?(?:for|while)`?\\s+)?loop(?:\\s+body)?(?:\\s+(?:over|on)\\s+`?(?<over>[A-Za-z_]\\w*)`?)?(?:\\s+`(?:for|while)\\b[^`]*`)?";
const namedCount = `(?<n>${countPattern.slice(1)}`;
const countUnit = "(?:\\s+(?:times?|iterations?|passes|rounds))";
const loopCountPatterns: RegExp[] = [
  new RegExp(`\\b${loopNoun}\\s+(?:(?:only|just|actually|still|then)\\s+)?(?:runs|ran|executes|executed|is executed|was executed|iterates|iterated|repeats|repeated|loops|looped|goes around|is run|was run|runs through|completes|completed|performs|performed|does)(?:\\s+(?:only|just|exactly))?(?:\\s+for)?\\s+${namedCount}${countUnit}?\\b`, "gi"),
  new RegExp(`\\b${loopNoun}\\s+(?:(?:only|just|actually)\\s+)?(?:stops|stopped|exits|exited|ends|ended|terminates|terminated|finishes|finished)\\s+after\\s+(?:only\\s+|just\\s+)?${namedCount}${countUnit}\\b`, "gi"),
  new RegExp(`\\b${loopNoun}\\s+(?:(?:has|had)\\s+)?(?:only\\s+|just\\s+|exactly\\s+)?${namedCount}\\s+iterations?\\b`, "gi"),
];
const loopForeverPattern = new RegExp(`\\binfinite loop\\b|\\b(?:loops|runs|iterates|spins|goes on) forever\\b|\\b${loopNoun}\\s+(?:never\\s+(?:terminates|ends|stops|exits|finishes)|(?:does not|doesn't|never) (?:terminate|end|stop|exit|finish))\\b`, "gi");
const loopNeverPattern = new RegExp(`\\b${loopNoun}\\s+(?:(?:is|was)\\s+)?never\\s+(?:runs|executes|starts|iterates|executed|entered|run)\\b`, "gi");

/** The loop a count claim names: by its variable ("the `i` loop", "the loop over `i`") or as outer/inner. */
function loopOf(match: RegExpMatchArray): { loopVariable: string | null; loop?: LoopQualifier } {
  const qualifier = match.groups?.qualifier?.toLowerCase();
  return { loopVariable: match.groups?.pre ?? match.groups?.over ?? null, ...(qualifier === "outer" || qualifier === "inner" ? { loop: qualifier } : {}) };
}

function readLoopCounts(text: string): RunClaim[] {
  const out: RunClaim[] = [];
  const found = new Set<number>();
  for (const pattern of loopCountPatterns) {
    for (const match of text.matchAll(pattern)) {
      if (found.has(match.index!) || negationBefore.test(text.slice(0, match.index))) continue;
      const word = match.groups!.n;
      // "runs 3" without "times" is not a count; "runs twice" is.
      if (/^\d+$|^(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$/i.test(word) && !new RegExp(`${countUnit}\\b`, "i").test(match[0].slice(match[0].toLowerCase().lastIndexOf(word.toLowerCase()) + word.length))) continue;
      found.add(match.index!);
      out.push({ claim: { text, kind: "loop_count", subject: placeholder, count: readCount(word), ...loopOf(match) }, subject: null });
    }
  }
  for (const match of text.matchAll(loopForeverPattern)) {
    if (negationBefore.test(text.slice(0, match.index))) continue;
    out.push({ claim: { text, kind: "loop_count", subject: placeholder, count: "forever", ...loopOf(match) }, subject: null });
  }
  for (const match of text.matchAll(loopNeverPattern)) {
    if (found.has(match.index!)) continue;
    out.push({ claim: { text, kind: "loop_count", subject: placeholder, count: 0, ...loopOf(match) }, subject: null });
  }
  return out;
}

/** Line claims; `count` reads the match, or null when it is no count ("line 5 runs 3" without "times"). */
const lineCountPatterns: Array<{ pattern: RegExp; count: (match: RegExpExecArray) => number | "never" | "reached" | null }> = [
  { pattern: /\bline\s+(\d+)\s+(?:is|was|gets)\s+never\s+(?:executed|reached|run|hit|visited|evaluated)\b/gi, count: () => "never" },
  { pattern: /\bline\s+(\d+)\s+never\s+(?:runs|executes|gets\s+executed|gets\s+reached|is\s+reached)\b/gi, count: () => "never" },
  { pattern: /\b(?:never|not|n't)\s+(?:reaches|reached|reach|executes|executed|execute|gets\s+to|get\s+to|hits|hit|runs|run|visits)\s+line\s+(\d+)\b/gi, count: () => "never" },
  {
    pattern: new RegExp(`\\bline\\s+(\\d+)\\s+(?:is\\s+|was\\s+|gets\\s+)?(?:executed|runs|ran|run|reached|hit|visited|evaluated)\\s+(?:only\\s+|exactly\\s+|just\\s+)?${countPattern}(\\s+times)?\\b`, "gi"),
    count: (match) => (/^(?:once|twice|thrice)$/i.test(match[2]) || match[3] ? readCount(match[2]) : null),
  },
  { pattern: /\b(?:execution|it|the function|the code|control|the program)\s+(?:reaches|reached|gets\s+to|got\s+to|hits|enters)\s+line\s+(\d+)\b/gi, count: () => "reached" },
  { pattern: /\bline\s+(\d+)\s+(?:is|was|gets)\s+(?:executed|reached|hit|run)(?=\s*(?:$|[,.;]))/gi, count: () => "reached" },
];

function readLineCounts(text: string): RunClaim[] {
  const out: RunClaim[] = [];
  for (const { pattern, count } of lineCountPatterns) {
    for (const match of text.matchAll(pattern)) {
      const found = count(match as RegExpExecArray);
      if (found === null) continue;
      // "does not reach line 5" is read by the "never" pattern; a negation before any other form is skipped.
      if (found !== "never" && negationBefore.test(text.slice(0, match.index))) continue;
      out.push({ claim: { text, kind: "line_count", subject: placeholder, line: Number(match[1]), count: found }, subject: null });
    }
  }
  return out;
}
