import { describe, expect, it } from "vitest";
import { describeVersionMismatch, parseLlamaVersion } from "../../../../native/engines/common/parseLlamaVersion.js";

describe("parseLlamaVersion", () => {
  it("reads a release build's version, build number and commit", () => {
    expect(parseLlamaVersion("load_backend: ...\nversion: 0.4.0 (build 1, commit 80fb11a)\nbuilt with GNU 12.2.0 for Linux x86_64\n")).toEqual({
      version: "0.4.0", build: 1, commit: "80fb11a", line: "version: 0.4.0 (build 1, commit 80fb11a)",
    });
    expect(parseLlamaVersion("version: 0.4.0-dev (build 7012, commit unknown)")).toMatchObject({ version: "0.4.0-dev", build: 7012, commit: null });
  });

  it("reads an older build that prints only a build number, and refuses output without a version line", () => {
    expect(parseLlamaVersion("version: 5123 (abc1234)\nbuilt with cc")).toMatchObject({ version: null, build: 5123, commit: "abc1234" });
    expect(parseLlamaVersion("usage: something else")).toBeNull();
  });

  it("matches only the exact release of the bundled tag", () => {
    expect(describeVersionMismatch(parseLlamaVersion("version: 0.4.0 (build 1, commit 80fb11a)"), "v0.4.0")).toBeNull();
    expect(describeVersionMismatch(parseLlamaVersion("version: 0.4.0-dev (build 9, commit abc)"), "v0.4.0")).toContain("not release 0.4.0");
    expect(describeVersionMismatch(parseLlamaVersion("version: 5123 (abc1234)"), "v0.4.0")).toContain('"version: 5123 (abc1234)"');
    expect(describeVersionMismatch(null, "v0.4.0")).toContain("printed no llama.cpp version");
  });
});
