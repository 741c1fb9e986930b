import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDataDir } from "../../../native/storage/resolveDataDir.js";

describe("resolveDataDir", () => {
  it("prefers the flag, then TRACETUNE_DATA_DIR, then the platform folder", () => {
    expect(resolveDataDir({ flag: "rel/dir", env: { TRACETUNE_DATA_DIR: "/env" } })).toEqual({ dataDir: path.resolve("rel/dir"), source: "flag" });
    expect(resolveDataDir({ env: { TRACETUNE_DATA_DIR: "/env" } })).toEqual({ dataDir: "/env", source: "env" });
    expect(resolveDataDir({ env: {}, platform: "linux", home: "/home/u" })).toEqual({ dataDir: "/home/u/.config/tracetune", source: "platform" });
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: "/xdg" }, platform: "linux", home: "/home/u" }).dataDir).toBe("/xdg/tracetune");
    expect(resolveDataDir({ env: {}, platform: "darwin", home: "/Users/u" }).dataDir).toBe("/Users/u/Library/Application Support/tracetune");
    expect(resolveDataDir({ env: { APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, platform: "win32", home: "C:\\Users\\u" }).dataDir).toContain("tracetune");
  });
});
