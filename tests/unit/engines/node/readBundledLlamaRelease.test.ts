import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBundledLlamaRelease } from "../../../../native/engines/node/readBundledLlamaRelease.js";

describe("readBundledLlamaRelease", () => {
  it("finds the installed node-llama-cpp's release tag and its git bundle", () => {
    const release = readBundledLlamaRelease();
    expect(release.tag).toMatch(/^[\w.-]+$/);
    expect(release.bundlePath).toBe(path.join(release.llamaDir, "gitRelease.bundle"));
    expect(release.llamaDir).toContain(path.join("node-llama-cpp", "llama"));
  });

  it("names the file when the info file is missing or names no tag", () => {
    const packageDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-nlc-"));
    expect(() => readBundledLlamaRelease({ packageDir })).toThrow(/llama\.cpp\.info\.json/);
    mkdirSync(path.join(packageDir, "llama"));
    writeFileSync(path.join(packageDir, "llama", "llama.cpp.info.json"), JSON.stringify({ tag: "../x" }));
    expect(() => readBundledLlamaRelease({ packageDir })).toThrow(/names no release tag/);
    writeFileSync(path.join(packageDir, "llama", "llama.cpp.info.json"), JSON.stringify({ tag: "b6000" }));
    expect(readBundledLlamaRelease({ packageDir })).toMatchObject({ tag: "b6000", bundlePath: null });
    rmSync(packageDir, { recursive: true, force: true });
  });
});
