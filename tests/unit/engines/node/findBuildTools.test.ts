import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findBuildTools, findOnPath } from "../../../../native/engines/node/findBuildTools.js";

const isPosix = process.platform !== "win32";

/** A folder of do-nothing executables named `names`, to stand in for PATH. */
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fakePath(...names: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-path-"));
  made.push(dir);
  for (const name of names) {
    writeFileSync(path.join(dir, name), "#!/bin/sh\nexit 0\n");
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

describe.skipIf(!isPosix)("findBuildTools", () => {
  it("names every missing program, with what installs it, and the PATH it searched", () => {
    const dir = fakePath("git");
    try {
      findBuildTools({ env: { PATH: dir }, platform: "linux" });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "build_tools_missing", details: { missing: ["cmake (3.14 or newer)", "a C++ compiler (c++, g++ or clang++)"], searched: dir } });
      expect((error as Error).message).toContain("apt-get install cmake");
      expect((error as Error).message).toContain("apt-get install g++");
    }
  });

  it("finds git, cmake, a compiler (or $CXX) and Ninja when they are there", () => {
    const dir = fakePath("git", "cmake", "clang++", "ninja", "my-cxx");
    expect(findBuildTools({ env: { PATH: dir }, platform: "linux" })).toEqual({ git: path.join(dir, "git"), cmake: path.join(dir, "cmake"), cxx: path.join(dir, "clang++"), ninja: path.join(dir, "ninja") });
    expect(findBuildTools({ env: { PATH: dir, CXX: "my-cxx" }, platform: "linux" }).cxx).toBe(path.join(dir, "my-cxx"));
    expect(() => findBuildTools({ env: { PATH: dir, CXX: "nope++" }, platform: "linux" })).toThrow(/\$CXX=nope\+\+/);
  });

  it("skips files that are not executable", () => {
    const dir = fakePath("cmake");
    chmodSync(path.join(dir, "cmake"), 0o644);
    expect(findOnPath("cmake", { env: { PATH: dir }, platform: "linux" })).toBeNull();
  });
});
