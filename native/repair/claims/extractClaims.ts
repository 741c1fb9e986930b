import { findLiteralCalls, isSameCall, parseLiteralCall, type LiteralCall } from "./findCalls.js";
import { blankAnchors, findTimeAnchors, isSameTime, type TimeAnchor } from "./findTimeAnchors.js";
import { pyEquals } from "./pythonLiteral.js";
import { readClaimValue } from "./readClaimValue.js";
import { readRunClaims } from "./readRunClaims.js";
import { readVariableClaims } from "./readVariableClaims.js";
import { splitRationale, stripCode } from "./splitRationale.js";
import type { Claim, ClaimKind, ClaimSubject, ClaimTime } from "./types.js";

export interface ExtractOptions {
  /** Variables set anywhere in the traced run: a bare (unquoted) word is read as a variable only when it is one. */
  knownVariables: Set<string>;
  /** Functions the program defines: only their calls are traced, only their names are claim subjects. */
  functions: Set<string>;
  /** The traced call when it is a literal call of a program function (so "for [1, 2, 3]" can be matched to it). */
  tracedCall: LiteralCall | null;
  /** Parameters of the functions in the run: "when `n` is 0, …" about one is a general statement, not about this run. */
  parameters?: Set<string>;
}

/** A sentence about another input than the traced one ("for an empty list", "for negative numbers"). */
const otherInputPattern = /\b(?:for|with|given|on)\s+(?:an?|any|some|other|another|every|each|all)\s+(?:\w+\s+)?(?:input|inputs|list|lists|array|string|number|numbers|value|values|case|cases|argument|arguments|call|calls)\b|\b(?:for|with|given|on)\s+(?:empty|negative|positive|odd|even|other|larger|smaller|longer|shorter|inputs|lists|arrays|strings|numbers|values)\b|\bin (?:general|all cases|every case|most cases)\b/i;
const inputLiteralPattern = /\b(?:for|with|given|on|input|inputs|called with|passed|argument|arguments|when called with)\s+(?:the\s+)?(?:input\s+|list\s+|array\s+|argument\s+|value\s+|string\s+|number\s+)?(?=[`\[\('"\d-])/gi;
/** Words that make any literal after them an input, whatever its type ("for the input 3", "called with 3"). */
const explicitInputWord = /\b(?:input|inputs|called with|passed|argument|arguments|given)\s+(?:the\s+)?(?:input\s+|list\s+|array\s+|argument\s+|value\s+|string\s+|number\s+)?$/i;

/** A clause under a condition ("when …", "once the list is empty"); "runs once" is a count, not a condition. */
const conditionalPattern = /\b(?:when|whenever|unless|until)\b|\bwhile\b(?!`?\s+loop)|\bonce\s+(?:the|it|we|they|`|[a-z_]\w*\s+(?:is|reaches|becomes|hits|gets))/i;

/** Reads the concrete claims about the buggy run from a rationale (docs/prompt.md lists the patterns). */
export function extractClaims(rationale: string, options: ExtractOptions): Claim[] {
  const isZeroBased = /\biteration\s+0\b|\b0th\s+iteration\b/i.test(rationale);
  const claims: Claim[] = [];
  for (const sentence of splitRationale(rationale)) {
    if (sentence.isSkipped) continue;
    // A call introduced as the setting ("In `f([1, 2])`, …", "Tracing `f(3)`: …") is whose run the sentence's
    // other claims describe; a call merely mentioned is the subject of its own claims only.
    const introduced = findLiteralCalls(sentence.text, options.functions)
      .filter((found) => /\b(?:in|for|with|calling|call|tracing|trace of|during|on|when calling|of|when we call|when)\s+`?$/i.test(sentence.text.slice(0, found.start)))
      .map((found) => found.call);
    const distinct = introduced.filter((call, index) => introduced.findIndex((other) => isSameCall(other, call)) === index);
    let subject: ClaimSubject | null = { kind: "traced" };
    if (distinct.length === 1) subject = options.tracedCall && isSameCall(distinct[0], options.tracedCall) ? { kind: "traced" } : { kind: "call", call: distinct[0].text };
    else if (distinct.length > 1) subject = null;
    else if (isAboutOtherInput(sentence.text, options.tracedCall)) subject = null;

    const liveClauses = sentence.clauses.filter((clause) => !clause.isHedged);
    const anchorsOf = (text: string) => findTimeAnchors(text, { knownVariables: options.knownVariables, isZeroBased });
    // An anchor written in one clause ("After the second iteration, `s` is 3 and `i` is 1") holds for the
    // sentence when the sentence has just one.
    const sentenceTimes = liveClauses.flatMap((clause) => anchorsOf(clause.text).map((anchor) => anchor.time));
    const sentenceTime: ClaimTime | null = sentenceTimes.length > 0 && sentenceTimes.every((time) => isSameTime(time, sentenceTimes[0])) ? sentenceTimes[0] : null;
    const isSentenceTimeAmbiguous = sentenceTimes.length > 0 && sentenceTime === null;

    for (const clause of liveClauses) {
      const anchors = anchorsOf(clause.text);
      const isConditional = conditionalPattern.test(stripCode(blankAnchors(withoutInputPhrases(clause.text, options), anchors)));
      // "line 4 never runs for that call": about one frame of several, which the claim does not identify.
      const isAboutOneFrame = /\b(?:for|in|during|at)\s+(?:that|this|the\s+\w+|each|every|one|some)\s+(?:call|frame|invocation|level|recursive call)\b/i.test(clause.text);
      const runClaims = readRunClaims(clause.text, { functions: options.functions, knownVariables: options.knownVariables });
      for (const claim of runClaims) {
        const claimSubject = claim.subject ?? subject;
        if (claimSubject === null) continue;
        // An exception under a condition ("when `i` is 3, `xs[i]` raises IndexError") is still claimed to happen.
        const isStated = claim.claim.kind === "exception" ? !isConditional : !isConditional && !anchors.some((anchor) => anchor.time.kind === "while");
        if (claim.subject === null && !isStated) continue;
        if (isAboutOneFrame) {
          claims.push({ text: clause.text, kind: "unverifiable", claimKind: claim.claim.kind as ClaimKind, reason: "the claim is about one call of several, which the trace cannot single out" });
          continue;
        }
        claims.push({ ...claim.claim, subject: resolveSubject(claimSubject, options) } as Claim);
      }
      if (subject === null) continue;
      // "When `i` is 3, `xs[i]` raises": the condition says `i` gets to 3 in this run (not so for a parameter,
      // where "when `n` is 0" is a general statement).
      for (const anchor of anchors) {
        if (anchor.time.kind !== "while" || options.parameters?.has(anchor.time.variable)) continue;
        const text = clause.text.slice(anchor.start, anchor.end).trim();
        if (!claims.some((claim) => claim.text === text)) claims.push({ text, kind: "value", subject, variable: anchor.time.variable, value: anchor.time.value, time: { kind: "any" } });
      }
      let clauseTime: ClaimTime | "ambiguous" = { kind: "any" };
      const own = anchors.map((anchor) => anchor.time);
      if (own.length > 0) clauseTime = own.every((item) => isSameTime(item, own[0])) ? own[0] : "ambiguous";
      else if (sentenceTime) clauseTime = sentenceTime;
      else if (isSentenceTimeAmbiguous) clauseTime = "ambiguous";
      if (isConditional && clauseTime !== "ambiguous" && clauseTime.kind !== "while") continue;
      const variableClaims = readVariableClaims(blankAnchors(clause.text, anchors), { knownVariables: options.knownVariables, functions: options.functions });
      // With several anchors in a clause written anchor-first ("after the first pass `lo` = 2, after the
      // second pass `lo` = 3"), each claim takes the nearest anchor before it. Written anchor-last, or mixed,
      // the clause stays ambiguous.
      const isAnchorFirst = anchors.length > 0 && variableClaims.length > 0 && anchors[0].start < Math.min(...variableClaims.map((found) => found.start));
      for (const { claim, start, end } of variableClaims) {
        const nearest = clauseTime === "ambiguous" && isAnchorFirst ? nearestAnchor(anchors, start) : null;
        const time: ClaimTime | "ambiguous" = nearest ? nearest.time : clauseTime;
        const used = nearest ? [nearest] : anchors;
        // The claim's own words, with its anchors ("after the second iteration, `s` is 3").
        const text = clause.text.slice(Math.min(start, ...used.map((anchor) => anchor.start)), Math.max(end, ...used.map((anchor) => anchor.end))).trim();
        if (claim.kind === "unverifiable") claims.push({ ...claim, text });
        else if (claim.kind === "value" && time === "ambiguous") claims.push({ ...claim, text, subject, time: claim.time.kind === "sequence" ? claim.time : { kind: "unplaced" } });
        // "`x` stays 0" holds throughout the run, or over the anchor's span when it has one ("stays 0 in the first iteration").
        else if (claim.kind === "value" && time !== "ambiguous") claims.push({ ...claim, text, subject, time: (claim.time.kind === "any" || claim.time.kind === "throughout") && time.kind !== "any" ? time : claim.time });
        else if (claim.kind === "always") claims.push({ ...claim, text, subject });
      }
    }
  }
  return claims;
}

/**
 * "When the input is [1, 2, 3]", "when called with [5, 6, 7] and 3", "when we call `f(3)`": a "when" that
 * names the traced input sets the scene and is no condition; such phrases are blanked before the test for
 * conditions (one naming another input has already set the sentence aside).
 */
function withoutInputPhrases(text: string, options: ExtractOptions): string {
  let out = text;
  for (const match of text.matchAll(/\bwhen\s+(?:the\s+)?(?:input|argument|arguments|list|array|string|number)\s+(?:is|are|=)\s+|\bwhen\s+(?:it\s+is\s+|the function is\s+)?(?:called|invoked|run|given|passed)\s+(?:with\s+|on\s+)?|\bwhen\s+(?:we\s+)?(?:call|calling|run|running)\s+/gi)) {
    const start = match.index!;
    let end = start + match[0].length;
    const call = findLiteralCalls(text.slice(end), options.functions)[0];
    if (call && /^`?$/.test(text.slice(end, end + call.start))) end += call.end;
    else {
      for (let count = 0; count < 4; count += 1) {
        const value = readClaimValue(text, end);
        if (!value) break;
        end = value.end;
        const joint = /^(?:\s*,\s*|\s+and\s+)/.exec(text.slice(end));
        if (!joint) break;
        end += joint[0].length;
      }
    }
    if (end > start + match[0].length) out = out.slice(0, start) + " ".repeat(end - start) + out.slice(end);
  }
  return out;
}

/** The anchor right before a claim, when no other claim stands between them (callers check). */
function nearestAnchor(anchors: TimeAnchor[], start: number): TimeAnchor | null {
  const before = anchors.filter((anchor) => anchor.end <= start);
  return before.length > 0 ? before[before.length - 1] : null;
}

/** A written-out call that is the traced call is the traced run itself (no second trace). */
function resolveSubject(subject: ClaimSubject, options: ExtractOptions): ClaimSubject {
  if (subject.kind !== "call" || !options.tracedCall) return subject;
  const call = parseLiteralCall(subject.call);
  return call && isSameCall(call, options.tracedCall) ? { kind: "traced" } : subject;
}

/** Whether a sentence names an input other than the traced call's (generically, or as a differing literal). */
function isAboutOtherInput(text: string, tracedCall: LiteralCall | null): boolean {
  const prose = stripCode(text);
  if (otherInputPattern.test(prose)) return true;
  for (const match of text.matchAll(inputLiteralPattern)) {
    const value = readClaimValue(text, match.index! + match[0].length);
    if (!value) continue;
    if (!tracedCall) return true;
    const args = tracedCall.args;
    // "fails for -5, -2 and -9" names elements, not an input: after a bare "for"/"with"/"on" only a literal
    // of the kind of an argument (a list where the function takes a list) counts as an input.
    if (!explicitInputWord.test(match[0]) && !args.some((arg) => arg.kind === value.value.kind) && value.value.kind !== "tuple") continue;
    // Naming one of the traced call's arguments ("when called with [5, 6, 7] and 3") is naming its input.
    const isTraced = args.some((arg) => pyEquals(value.value, arg) && pyEquals(arg, value.value)) || (value.value.kind === "tuple" && value.value.items.length === args.length && value.value.items.every((item, index) => pyEquals(item, args[index])));
    if (!isTraced) return true;
  }
  return false;
}
