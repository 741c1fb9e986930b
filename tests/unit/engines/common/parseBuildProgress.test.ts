import { describe, expect, it } from "vitest";
import { parseBuildProgress } from "../../../../native/engines/common/parseBuildProgress.js";

describe("parseBuildProgress", () => {
  it("reads Ninja's [done/total] and Make's [ pct%] lines, and nothing else", () => {
    expect(parseBuildProgress("[12/336] Building CXX object src/CMakeFiles/llama.dir/llama.cpp.o")).toEqual({ done: 12, total: 336 });
    expect(parseBuildProgress("[  7%] Building C object ggml/src/CMakeFiles/ggml-base.dir/ggml.c.o")).toEqual({ done: 7, total: 100 });
    expect(parseBuildProgress("[100%] Built target llama-server")).toEqual({ done: 100, total: 100 });
    expect(parseBuildProgress("-- Configuring done")).toBeNull();
    expect(parseBuildProgress("warning: [1/2] is not progress at the start")).toBeNull();
    expect(parseBuildProgress("[0/0] nothing")).toBeNull();
  });
});
