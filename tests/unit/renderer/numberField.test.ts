import { describe, expect, it } from "vitest";
import { numberField, numberListField } from "../../../renderer/src/app/numberField";

describe("form number fields", () => {
  it("reads a number within its rule, names the rule otherwise, and leaves empty text to the default", () => {
    expect(numberField("0.8", { min: 0, max: 2 })).toEqual({ value: 0.8, error: null });
    expect(numberField("2.5", { integer: true, min: 1, max: 10 })).toEqual({ value: null, error: "a whole number from 1 to 10" });
    expect(numberField("  ", { min: 0, max: 1 })).toEqual({ value: null, error: null });
  });

  it("reads a list of ks ascending without repeats, and refuses a bad entry by the rule", () => {
    expect(numberListField("10, 1,5,1", { min: 1, max: 100 })).toEqual({ value: [1, 5, 10], error: null });
    for (const bad of ["1, x", "1,,5", "0", "1.5", "101"]) expect(numberListField(bad, { min: 1, max: 100 }).error).toBe("whole numbers from 1 to 100, separated by commas");
    expect(numberListField("", { min: 1, max: 100 })).toEqual({ value: null, error: null });
  });
});
