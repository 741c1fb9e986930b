import { parsePythonLiteral, parseWholeLiteral, type PyValue } from "./pythonLiteral.js";

/**
 * Words that may follow a claimed value in the same clause. Anything else ("3 times", "3 elements",
 * "3 + 1", "3 more") means the number is not the value claimed, and no claim is read.
 */
const allowedAfter = /^(?:\s*$|\s*[.,;:!?)\]`'"]|\s+(?:instead|rather|but|and|because|which|since|for|when|while|whereas|so|as|at|on|after|before|here|there|then|now|again|too|in|inside|by|during|once|until|even|not|hence|thus|due|from|with|to|this|that|the|its|it|of|throughout|each|every|already|anyway|either|also|both|once|twice|right|just|immediately|without|only|unchanged|—|–|-{1,2}|\(|here)\b|\s+[—–(]|\s*(?:→|->|=>))/i;

const wordValues: Array<[RegExp, PyValue]> = [
  [/^(?:an?\s+|the\s+)?empty\s+list\b/i, { kind: "list", items: [] }],
  [/^(?:an?\s+|the\s+)?empty\s+(?:string|str)\b/i, { kind: "str", value: "" }],
  [/^(?:an?\s+|the\s+)?empty\s+(?:dict|dictionary)\b/i, { kind: "dict", entries: [] }],
  [/^(?:an?\s+|the\s+)?empty\s+tuple\b/i, { kind: "tuple", items: [] }],
  [/^(?:an?\s+|the\s+)?empty\s+set\b/i, { kind: "set", items: [] }],
  [/^zero\b/i, { kind: "int", value: 0n }],
];

const fillers = /^(?:\s*(?:the\s+value(?:\s+of)?|a\s+value\s+of|the\s+(?:list|string|number|integer|int|float|tuple|dict|dictionary)|value|only|just|exactly|equal\s+to|set\s+to|still|now|already|to)\b)+/i;

/**
 * Reads the value a claim states at `index` of a clause: a Python literal (in a code span or bare), or
 * one of a few words ("an empty list", "zero"). With `isLowercaseBoolOk`, "true"/"false"/"none" count too
 * (models write "returns false"). Returns null when what follows is not a whole value.
 */
export function readClaimValue(text: string, index: number, options: { isLowercaseBoolOk?: boolean } = {}): { value: PyValue; end: number } | null {
  let i = index;
  const filler = fillers.exec(text.slice(i));
  if (filler) i += filler[0].length;
  while (text[i] === " ") i += 1;
  if (text[i] === "`") {
    const close = text.indexOf("`", i + 1);
    if (close < 0) return null;
    const value = parseWholeLiteral(text.slice(i + 1, close));
    if (!value || !allowedAfter.test(text.slice(close + 1))) return null;
    return { value, end: close + 1 };
  }
  for (const [pattern, value] of wordValues) {
    const match = pattern.exec(text.slice(i));
    if (match && allowedAfter.test(text.slice(i + match[0].length))) return { value, end: i + match[0].length };
  }
  if (options.isLowercaseBoolOk) {
    const word = /^(true|false|none)\b/i.exec(text.slice(i));
    if (word && allowedAfter.test(text.slice(i + word[0].length))) {
      const lower = word[1].toLowerCase();
      const value: PyValue = lower === "none" ? { kind: "none" } : { kind: "bool", value: lower === "true" };
      return { value, end: i + word[0].length };
    }
  }
  const parsed = parsePythonLiteral(text, i);
  if (!parsed || !allowedAfter.test(text.slice(parsed.end))) return null;
  // A bare number directly followed by a closing quote or bracket was part of something else.
  return parsed;
}

/** An arithmetic expression followed by "=" ("0 + 1 =", "12 / 2 =", "s + xs[i] ="): models show their working. */
const workingStep = /^\s*(?:[\w.\[\]()'"]+\s*(?:[-+*\/%]|\/\/)\s*)+[\w.\[\]()'"]+\s*=(?!=)\s*/;

/**
 * Like readClaimValue, but also reads the result of shown working: in "s = 0 + 1 = 1" the value claimed
 * for `s` is 1, the literal after the last "=" of a chain of arithmetic steps.
 */
export function readWorkedValue(text: string, index: number, options: { isLowercaseBoolOk?: boolean } = {}): { value: PyValue; end: number } | null {
  let i = index;
  for (let steps = 0; steps < 5; steps += 1) {
    const direct = readClaimValue(text, i, options);
    if (direct) return direct;
    const step = workingStep.exec(text.slice(i));
    if (!step) return null;
    i += step[0].length;
  }
  return null;
}

const numberWords: Record<string, number> = {
  zero: 0, once: 1, one: 1, twice: 2, two: 2, thrice: 3, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12,
};

/** The count pattern used by loop and line claims: a number, a number word, "once", "twice". */
export const countPattern = "(\\d+|zero|once|one|twice|two|thrice|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";

export function readCount(word: string): number {
  return /^\d+$/.test(word) ? Number(word) : numberWords[word.toLowerCase()];
}

const ordinals: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };

export const ordinalPattern = "(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|\\d+(?:st|nd|rd|th))";

export function readOrdinal(word: string): number | "last" {
  const lower = word.toLowerCase();
  if (lower === "last" || lower === "final") return "last";
  return ordinals[lower] ?? Number(lower.replace(/\D/g, ""));
}
