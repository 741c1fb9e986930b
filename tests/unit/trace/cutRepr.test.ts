import { describe, expect, it } from "vitest";
import { cutRepr } from "../../../native/trace/common/cutRepr.js";
import { scanLogicalLines } from "../../../native/trace/common/scanLogicalLines.js";

describe("cutRepr", () => {
  it("keeps short reprs and cuts long ones with a visible marker and the closing character", () => {
    expect(cutRepr({ repr: "'abc'", maxChars: 10 })).toBe("'abc'");
    expect(cutRepr({ repr: "'abcdefghijklmnop'", maxChars: 10 })).toBe("'abcde...'");
    expect(cutRepr({ repr: "[10, 20, 30, 40, 50]", maxChars: 13 })).toBe("[10, 20, ...]");
    expect(cutRepr({ repr: "x".repeat(30), maxChars: 10 })).toBe("xxxxxxx...");
  });

  it("never splits a character outside the basic plane", () => {
    const cut = cutRepr({ repr: `'${"😀".repeat(20)}'`, maxChars: 9 });
    expect(cut).toBe("'😀😀😀😀...'");
    expect(Array.from(cut).length).toBe(9);
  });
});

describe("scanLogicalLines", () => {
  it("maps each line to the last line of its statement", () => {
    const source = ["x = [1,", "     2]", "s = '''a", "# not a comment", "'''", "y = 1 + \\", "    2", "z = '(' # )", "w = 3"].join("\n");
    expect(scanLogicalLines({ source }).slice(1)).toEqual([2, 2, 5, 5, 5, 7, 7, 8, 9]);
  });
});
