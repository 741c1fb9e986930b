import { ordinalPattern, readClaimValue, readOrdinal } from "./readClaimValue.js";
import type { ClaimTime, LoopQualifier } from "./types.js";

/** A phrase that places a value claim in time ("after the second iteration"), and where it stands. */
export interface TimeAnchor {
  time: ClaimTime;
  start: number;
  end: number;
}

const iterationNoun = "(?:iteration|pass|loop iteration|round|time through the loop|time around the loop)(?:\\s+of\\s+the\\s+(outer|inner)\\s+loop)?";
const qualifier = (match: RegExpExecArray): { loop?: LoopQualifier } => (match[2] ? { loop: match[2].toLowerCase() as LoopQualifier } : {});
const anchorPatterns: Array<{ pattern: RegExp; time: (match: RegExpExecArray, isZeroBased: boolean) => ClaimTime | null }> = [
  {
    pattern: new RegExp(`\\b(?:after|at the end of|by the end of|following|once)\\s+(?:the\\s+)?${ordinalPattern}\\s+${iterationNoun}\\b`, "gi"),
    time: (match) => ({ kind: "after_iteration", n: readOrdinal(match[1]), ...qualifier(match) }),
  },
  {
    pattern: /\bafter\s+(\d+|one|two|three|four|five|six)\s+iterations?\b/gi,
    time: (match) => ({ kind: "after_iteration", n: /^\d+$/.test(match[1]) ? Number(match[1]) : ["one", "two", "three", "four", "five", "six"].indexOf(match[1].toLowerCase()) + 1 }),
  },
  {
    pattern: /\b(?:after|at the end of)\s+iteration\s+(\d+)\b/gi,
    time: (match, isZeroBased) => ({ kind: "after_iteration", n: Number(match[1]) + (isZeroBased ? 1 : 0) }),
  },
  {
    pattern: new RegExp(`\\b(?:in|during|on|within|at|for)\\s+(?:the\\s+)?${ordinalPattern}\\s+${iterationNoun}\\b`, "gi"),
    time: (match) => ({ kind: "in_iteration", n: readOrdinal(match[1]), ...qualifier(match) }),
  },
  {
    pattern: /\b(?:in|during|on|at|for)\s+iteration\s+(\d+)\b/gi,
    time: (match, isZeroBased) => ({ kind: "in_iteration", n: Number(match[1]) + (isZeroBased ? 1 : 0) }),
  },
  {
    pattern: /\b(?:after|when|once|as soon as)\s+the\s+loop\s+(?:ends|finishes|exits|terminates|completes|is done|is over|stops)\b|\b(?:after|at the end of|by the end of)\s+the\s+(?:whole\s+|entire\s+)?loop\b/gi,
    time: () => ({ kind: "after_loop" }),
  },
  {
    pattern: /\b(?:at the end(?: of the (?:function|call|run))?|in the end|finally|eventually|ultimately|before (?:it )?returning|before the return|by the time (?:it|the function) returns|at the return)\b/gi,
    time: () => ({ kind: "final" }),
  },
  {
    pattern: /\b(?:initially|at the start|at the beginning|at first|to begin with|before the loop(?: starts| begins)?)\b(?!\s+(?:stops|ends|exits|terminates|finishes|is done))/gi,
    time: () => ({ kind: "initial" }),
  },
  {
    pattern: /\b(?:at|on|after|in)\s+line\s+(\d+)\b/gi,
    time: (match) => ({ kind: "at_line", line: Number(match[1]) }),
  },
];

const conditionPattern = /\b(?:when|whenever|once|while)\s+(?:`([A-Za-z_]\w*)`|([A-Za-z_]\w*))\s+(?:is|==|=|equals|reaches|becomes|hits|gets to)\s+/gi;

/**
 * Finds the time anchors of a clause. `knownVariables` limits the "when `i` is 2" form to variables of the
 * run. Anchors may overlap other claim patterns; callers strip them before reading value claims.
 */
export function findTimeAnchors(text: string, options: { knownVariables: Set<string>; isZeroBased: boolean }): TimeAnchor[] {
  const anchors: TimeAnchor[] = [];
  for (const { pattern, time } of anchorPatterns) {
    for (const match of text.matchAll(pattern)) {
      const found = time(match as RegExpExecArray, options.isZeroBased);
      if (found && !overlaps(anchors, match.index!, match.index! + match[0].length)) anchors.push({ time: found, start: match.index!, end: match.index! + match[0].length });
    }
  }
  for (const match of text.matchAll(conditionPattern)) {
    const variable = match[1] ?? match[2];
    if (!match[1] && !options.knownVariables.has(variable)) continue;
    const value = readClaimValue(text, match.index! + match[0].length);
    if (!value) continue;
    anchors.push({ time: { kind: "while", variable, value: value.value }, start: match.index!, end: value.end });
  }
  return anchors.sort((a, b) => a.start - b.start);
}

function overlaps(anchors: TimeAnchor[], start: number, end: number): boolean {
  return anchors.some((anchor) => start < anchor.end && anchor.start < end);
}

/** The text with the anchors blanked out (same length, so positions still line up). */
export function blankAnchors(text: string, anchors: TimeAnchor[]): string {
  let out = text;
  // A comma where the anchor was, so that "`i` is 2 [after the loop] stops" does not join the words around it.
  for (const anchor of anchors) out = out.slice(0, anchor.start) + ",".padEnd(anchor.end - anchor.start, " ") + out.slice(anchor.end);
  return out;
}

/** Whether two anchors place a claim at the same time. */
export function isSameTime(a: ClaimTime, b: ClaimTime): boolean {
  return JSON.stringify(a, (_, value) => (typeof value === "bigint" ? value.toString() : value)) === JSON.stringify(b, (_, value) => (typeof value === "bigint" ? value.toString() : value));
}
