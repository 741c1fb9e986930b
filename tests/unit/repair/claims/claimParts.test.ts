import { describe, expect, it } from "vitest";
import { extractClaims } from "../../../../native/repair/claims/extractClaims.js";
import { parseLiteralCall } from "../../../../native/repair/claims/findCalls.js";
import { formatPyValue, parsePythonLiteral, parseWholeLiteral, pyEquals } from "../../../../native/repair/claims/pythonLiteral.js";
import { readProgramShape } from "../../../../native/repair/claims/readProgramShape.js";
import { splitRationale } from "../../../../native/repair/claims/splitRationale.js";

const literal = (text: string) => {
  const value = parseWholeLiteral(text);
  if (!value) throw new Error(`not a literal: ${text}`);
  return value;
};

describe("Python literal parser", () => {
  it("reads ints, floats, strings, containers and constants as Python writes them", () => {
    expect(formatPyValue(literal("[1, -2, 3.5, 'a\\'b', None, True, (1,), {'k': [2]}, {3, 4}, set(), ()]")))
      .toBe("[1, -2, 3.5, 'a\\'b', None, True, (1,), {'k': [2]}, {3, 4}, set(), ()]");
    expect(literal("12345678901234567890123")).toEqual({ kind: "int", value: 12345678901234567890123n });
    expect(literal('"tab\\there"')).toEqual({ kind: "str", value: "tab\there" });
    expect(literal("'\\x41\\u00e9'")).toEqual({ kind: "str", value: "Aé" });
    expect(literal("(3)")).toEqual({ kind: "int", value: 3n });
  });

  it("refuses what is not a literal", () => {
    for (const text of ["len(xs)", "xs", "3 + 1", "<object at 0x1>", "[1, 2", "'open", "3abc", "b'x'"]) expect(parseWholeLiteral(text)).toBeNull();
  });

  it("stops a prose number before the full stop", () => {
    const parsed = parsePythonLiteral("returns 3. Then", 8);
    expect(parsed?.value).toEqual({ kind: "int", value: 3n });
    expect(parsed?.end).toBe(9);
  });

  it("compares like Python, except bool against int and rounded float claims", () => {
    expect(pyEquals(literal("5"), literal("5.0"))).toBe(true);
    expect(pyEquals(literal("[1, 2]"), literal("(1, 2)"))).toBe(false);
    expect(pyEquals(literal("{2, 1}"), literal("{1, 2}"))).toBe(true);
    expect(pyEquals(literal("{'b': 1, 'a': 2}"), literal("{'a': 2, 'b': 1}"))).toBe(true);
    expect(pyEquals(literal("True"), literal("1"))).toBe(false);
    expect(pyEquals(literal("0.33"), literal("0.3333333333333333"))).toBe(true);
    expect(pyEquals(literal("0.34"), literal("0.3333333333333333"))).toBe(false);
    expect(pyEquals(literal("0.3333333333333333"), literal("0.33"))).toBe(false);
  });

  it("reads a call with literal arguments and writes it canonically", () => {
    expect(parseLiteralCall("total([1,2,  3], k=2)")?.text).toBe("total([1, 2, 3], k=2)");
    expect(parseLiteralCall("total(xs)")).toBeNull();
    expect(parseLiteralCall("total(f(1))")).toBeNull();
  });
});

describe("rationale splitting", () => {
  const clauses = (text: string) => splitRationale(text).flatMap((sentence) => sentence.clauses.map((clause) => ({ text: clause.text, isChecked: !sentence.isSkipped && !clause.isHedged })));

  it("marks hedged clauses and keeps the rest", () => {
    expect(clauses("The loop runs 2 times, but it should run 3 times.")).toEqual([
      { text: "The loop runs 2 times", isChecked: true },
      { text: "it should run 3 times", isChecked: false },
    ]);
    expect(clauses("It returns 3 (expected 6).")).toEqual([{ text: "It returns 3", isChecked: true }, { text: "expected 6", isChecked: false }]);
  });

  it("skips everything about the fix, and what follows it in the paragraph", () => {
    const checked = clauses("`s` is 3. To fix this, use `range(len(xs))`. Now it returns 6.\n\nThe loop runs twice.").filter((clause) => clause.isChecked);
    expect(checked.map((clause) => clause.text)).toEqual(["`s` is 3", "The loop runs twice"]);
    expect(clauses("## Fix\nThe loop runs 3 times.").every((clause) => !clause.isChecked)).toBe(true);
  });

  it("never splits inside code spans or literals, and drops fenced code", () => {
    expect(clauses("`counts` is {'a': 1, 'b': 2}; and `f(1, 2)` returns 3.\n```python\nx = 1; y = 2\n```").map((clause) => clause.text))
      .toEqual(["`counts` is {'a': 1, 'b': 2}", "`f(1, 2)` returns 3"]);
  });
});

describe("program shape", () => {
  it("finds loops with their bodies, targets and functions", () => {
    const shape = readProgramShape([
      "def f(xs):",
      "    total = 0",
      "    for i, x in enumerate(xs):",
      "        # comment",
      "        while x > 0:",
      "            x -= 1",
      "        total += (x +",
      "                  1)",
      "    for y in xs: total += y",
      "    return total",
    ].join("\n"));
    expect(shape.loops.map(({ header, bodyStart, bodyEnd, kind, targets }) => ({ header, bodyStart, bodyEnd, kind, targets }))).toEqual([
      { header: 3, bodyStart: 4, bodyEnd: 8, kind: "for", targets: ["i", "x"] },
      { header: 5, bodyStart: 6, bodyEnd: 6, kind: "while", targets: [] },
    ]);
    expect(shape.functions).toEqual([{ name: "f", line: 1 }]);
    expect(shape.codeLines.has(4)).toBe(false);
    expect(shape.codeLines.has(8)).toBe(true);
  });
});

describe("claim extraction", () => {
  const options = { knownVariables: new Set(["left", "s", "i"]), functions: new Set(["f"]), tracedCall: parseLiteralCall("f([1, 2, 3])") };
  const read = (text: string) => extractClaims(text, options).map((claim) => [claim.kind, claim.text]);

  it("reads a bare name as a variable only when it is no everyday word after an article", () => {
    expect(read("The element to the left is 3. `left` is 3. Then left is 4.")).toEqual([["value", "`left` is 3"], ["value", "left is 4"]]);
  });

  it("drops claims about another input, but keeps those about the traced one and about written-out calls", () => {
    expect(read("For an empty list it returns 0.")).toEqual([]);
    expect(read("For the input [4, 5] `s` is 9.")).toEqual([]);
    expect(read("For the input [1, 2, 3] `s` is 3.")).toEqual([["value", "`s` is 3"]]);
    expect(extractClaims("For an empty list, `f([])` returns 0.", options)).toMatchObject([{ kind: "return", subject: { kind: "call", call: "f([])" } }]);
  });

  it("reads \"when `i` is 3\" as a claim that `i` gets to 3, unless `i` is a parameter (a general statement)", () => {
    const withParameters = { ...options, knownVariables: new Set(["i", "n"]), parameters: new Set(["n"]) };
    expect(extractClaims("When `n` is 0, it returns 1.", withParameters)).toEqual([]);
    expect(extractClaims("When `i` is 3, `xs[i]` raises IndexError.", withParameters).map((claim) => [claim.kind, claim.text])).toEqual([["exception", "When `i` is 3, `xs[i]` raises IndexError"], ["value", "When `i` is 3"]]);
  });

  it("places values in time from the clause or the sentence", () => {
    const times = extractClaims("After the second iteration, `s` is 3 and `i` is 1. `s` ends up as 3. Initially `s` = 0.", options)
      .map((claim) => (claim.kind === "value" ? claim.time : null));
    expect(times).toEqual([{ kind: "after_iteration", n: 2 }, { kind: "after_iteration", n: 2 }, { kind: "final" }, { kind: "initial" }]);
  });
});
