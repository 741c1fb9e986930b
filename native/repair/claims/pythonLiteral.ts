/**
 * A small parser for Python literals, enough to read the values a rationale claims ("returns [1, 2]",
 * "`s` is 'ab'") and the reprs the tracer records, and to compare them with Python's `==` (stricter in two
 * places, see `pyEquals`). Anything else (calls, names, object reprs, bytes) does not parse: a claim about
 * it is not checked.
 */
export type PyValue =
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number; /** digits after the point as written, for approximate claims */ decimals: number }
  | { kind: "str"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "none" }
  | { kind: "list" | "tuple" | "set"; items: PyValue[] }
  | { kind: "dict"; entries: Array<[PyValue, PyValue]> };

export interface ParsedLiteral {
  value: PyValue;
  /** Index just past the literal in the text. */
  end: number;
}

const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v" };

/** Parses one literal starting at `start` (leading spaces skipped); null when none starts there. */
export function parsePythonLiteral(text: string, start = 0): ParsedLiteral | null {
  return new LiteralReader(text).read(start);
}

/** Parses the whole text as one literal (surrounding spaces allowed); null otherwise. */
export function parseWholeLiteral(text: string): PyValue | null {
  const parsed = parsePythonLiteral(text, 0);
  if (!parsed || text.slice(parsed.end).trim() !== "") return null;
  return parsed.value;
}

class LiteralReader {
  constructor(private readonly text: string) {}

  read(start: number, depth = 0): ParsedLiteral | null {
    if (depth > 32) return null;
    const i = this.skipSpaces(start);
    const ch = this.text[i];
    if (ch === undefined) return null;
    if (ch === "[") return this.readSequence(i, "]", "list", depth);
    if (ch === "(") return this.readSequence(i, ")", "tuple", depth);
    if (ch === "{") return this.readBraces(i, depth);
    if (ch === "'" || ch === '"') return this.readString(i);
    if (/[-+0-9.]/.test(ch)) return this.readNumber(i);
    const word = /^(True|False|None|set\(\))(?![\w(])/.exec(this.text.slice(i));
    if (!word) return null;
    const end = i + word[1].length;
    if (word[1] === "None") return { value: { kind: "none" }, end };
    if (word[1] === "set()") return { value: { kind: "set", items: [] }, end };
    return { value: { kind: "bool", value: word[1] === "True" }, end };
  }

  private skipSpaces(i: number): number {
    while (i < this.text.length && /\s/.test(this.text[i])) i += 1;
    return i;
  }

  private readNumber(i: number): ParsedLiteral | null {
    const match = /^([-+]?)((\d+)?(\.(\d*))?(?:[eE][-+]?\d+)?)/.exec(this.text.slice(i));
    if (!match || !/\d/.test(match[2])) return null;
    const end = i + match[0].length;
    // "3.x" or "3abc" is not a number literal; "3." followed by a space is a number and a full stop.
    if (/[\w]/.test(this.text[end] ?? "")) return null;
    const body = match[2];
    const negative = match[1] === "-";
    if (/^\d+$/.test(body)) return { value: { kind: "int", value: BigInt(body) * (negative ? -1n : 1n) }, end };
    if (body.endsWith(".") && !/[eE]/.test(body)) {
      // "returns 3." is the int 3 and a full stop, not the float 3.0 (prose, not code).
      return { value: { kind: "int", value: BigInt(body.slice(0, -1)) * (negative ? -1n : 1n) }, end: end - 1 };
    }
    const value = Number(body) * (negative ? -1 : 1);
    if (!Number.isFinite(value)) return null;
    const decimals = /[eE]/.test(body) ? 17 : (match[5] ?? "").length;
    return { value: { kind: "float", value, decimals }, end };
  }

  private readString(i: number): ParsedLiteral | null {
    const quote = this.text[i];
    let value = "";
    let j = i + 1;
    while (j < this.text.length) {
      const ch = this.text[j];
      if (ch === quote) return { value: { kind: "str", value }, end: j + 1 };
      if (ch === "\n") return null;
      if (ch === "\\") {
        const next = this.text[j + 1];
        if (next === undefined) return null;
        const hex = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
        if (hex > 0) {
          const digits = this.text.slice(j + 2, j + 2 + hex);
          if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) return null;
          value += String.fromCodePoint(parseInt(digits, 16));
          j += 2 + hex;
          continue;
        }
        value += escapes[next] ?? `\\${next}`;
        j += 2;
        continue;
      }
      value += ch;
      j += 1;
    }
    return null;
  }

  private readSequence(i: number, close: string, kind: "list" | "tuple" | "set", depth: number): ParsedLiteral | null {
    const items: PyValue[] = [];
    let j = this.skipSpaces(i + 1);
    let sawComma = false;
    while (this.text[j] !== close) {
      const item = this.read(j, depth + 1);
      if (!item) return null;
      items.push(item.value);
      j = this.skipSpaces(item.end);
      if (this.text[j] === ",") {
        sawComma = true;
        j = this.skipSpaces(j + 1);
      } else if (this.text[j] !== close) return null;
    }
    // "(3)" is the int 3 in parentheses, not a tuple.
    if (kind === "tuple" && items.length === 1 && !sawComma) return { value: items[0], end: j + 1 };
    return { value: { kind, items }, end: j + 1 };
  }

  private readBraces(i: number, depth: number): ParsedLiteral | null {
    const entries: Array<[PyValue, PyValue]> = [];
    const items: PyValue[] = [];
    let j = this.skipSpaces(i + 1);
    while (this.text[j] !== "}") {
      const key = this.read(j, depth + 1);
      if (!key) return null;
      j = this.skipSpaces(key.end);
      if (this.text[j] === ":") {
        if (items.length > 0) return null;
        const value = this.read(j + 1, depth + 1);
        if (!value) return null;
        entries.push([key.value, value.value]);
        j = this.skipSpaces(value.end);
      } else {
        if (entries.length > 0) return null;
        items.push(key.value);
      }
      if (this.text[j] === ",") j = this.skipSpaces(j + 1);
      else if (this.text[j] !== "}") return null;
    }
    if (items.length > 0) return { value: { kind: "set", items }, end: j + 1 };
    return { value: { kind: "dict", entries }, end: j + 1 };
  }
}

/**
 * Python's `==` between a claimed value and a traced one, with two documented departures (docs/prompt.md):
 * a bool never equals an int (a claim "returns True" about a function returning 1 is wrong in a human's
 * eyes), and a claimed float written with few decimals matches a traced float rounded to those decimals
 * ("0.33" for 0.3333333333333333), since models round.
 */
export function pyEquals(claimed: PyValue, traced: PyValue): boolean {
  if (isNumber(claimed) && isNumber(traced)) return numbersEqual(claimed, traced);
  if (claimed.kind !== traced.kind) return false;
  switch (claimed.kind) {
    case "str":
    case "bool":
      return claimed.value === (traced as typeof claimed).value;
    case "none":
      return true;
    case "list":
    case "tuple": {
      const other = (traced as typeof claimed).items;
      return claimed.items.length === other.length && claimed.items.every((item, index) => pyEquals(item, other[index]));
    }
    case "set": {
      const other = (traced as typeof claimed).items;
      return claimed.items.length === other.length && claimed.items.every((item) => other.some((candidate) => pyEquals(item, candidate)));
    }
    case "dict": {
      const other = (traced as typeof claimed).entries;
      return claimed.entries.length === other.length
        && claimed.entries.every(([key, value]) => other.some(([otherKey, otherValue]) => pyEquals(key, otherKey) && pyEquals(value, otherValue)));
    }
    default:
      return false;
  }
}

type PyNumber = Extract<PyValue, { kind: "int" | "float" }>;

function isNumber(value: PyValue): value is PyNumber {
  return value.kind === "int" || value.kind === "float";
}

function numbersEqual(claimed: PyNumber, traced: PyNumber): boolean {
  if (claimed.kind === "int" && traced.kind === "int") return claimed.value === traced.value;
  const a = Number(claimed.value);
  const b = Number(traced.value);
  if (a === b) return true;
  if (claimed.kind !== "float" || traced.kind !== "float" || claimed.decimals >= 15) return false;
  // Only a claim written with fewer decimals than the trace shows is read as rounded.
  if (claimed.decimals >= traced.decimals) return false;
  const scale = 10 ** claimed.decimals;
  return Math.abs(Math.round(b * scale) - a * scale) < 1e-6 || Math.abs(Math.trunc(b * scale) - a * scale) < 1e-6;
}

/** The value as a number when it is an int or a float (bools are not numbers here); null otherwise. */
export function asNumber(value: PyValue): number | null {
  return value.kind === "int" || value.kind === "float" ? Number(value.value) : null;
}

/** A short Python-like rendering of a value, for claim details. */
export function formatPyValue(value: PyValue): string {
  switch (value.kind) {
    case "int":
      return value.value.toString();
    case "float":
      return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case "str":
      return `'${value.value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
    case "bool":
      return value.value ? "True" : "False";
    case "none":
      return "None";
    case "list":
      return `[${value.items.map(formatPyValue).join(", ")}]`;
    case "tuple":
      return value.items.length === 1 ? `(${formatPyValue(value.items[0])},)` : `(${value.items.map(formatPyValue).join(", ")})`;
    case "set":
      return value.items.length === 0 ? "set()" : `{${value.items.map(formatPyValue).join(", ")}}`;
    case "dict":
      return `{${value.entries.map(([key, item]) => `${formatPyValue(key)}: ${formatPyValue(item)}`).join(", ")}}`;
  }
}
