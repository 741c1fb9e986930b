import { describe, expect, it } from "vitest";
import { extractTestCalls } from "../../../native/trace/common/extractTestCalls.js";

describe("extractTestCalls", () => {
  it("rewrites a check harness's parameter to the entry point, in order, without repeats or the harness call", () => {
    const test = [
      "def check(candidate):",
      "    assert candidate([1, (2, 3)], 'a)b') == 1  # candidate(ignored)",
      "    assert candidate([1, (2, 3)], 'a)b') == 1",
      "    assert abs(candidate(x=2.0) - 1.0) < 1e-6, \"candidate(0) fails\"",
      "    assert candidate(candidate(1)) == 2",
      "",
      "check(find)",
    ].join("\n");
    expect(extractTestCalls({ test, entryPoint: "find" })).toEqual(["find([1, (2, 3)], 'a)b')", "find(x=2.0)", "find(find(1))", "find(1)"]);
  });

  it("takes MBPP asserts' calls by the entry point's name and skips method calls of the same name", () => {
    const test = "assert sum_list([1, 2]) == 3\nassert obj.sum_list([1]) == 1\nassert sum_list(\n    [4]) == 4";
    expect(extractTestCalls({ test, entryPoint: "sum_list" })).toEqual(["sum_list([1, 2])", "sum_list(\n    [4])"]);
  });
});
