import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveLlamaToolsDir } from "../../../../native/engines/node/resolveLlamaToolsDir.js";

describe("resolveLlamaToolsDir", () => {
  const home = "/home/u";
  it("takes $TRACETUNE_LLAMA_CPP_DIR as given", () => {
    expect(resolveLlamaToolsDir({ tag: "v0.4.0", env: { TRACETUNE_LLAMA_CPP_DIR: "/opt/llama", XDG_CACHE_HOME: "/c" }, platform: "linux", home })).toEqual({ dir: path.resolve("/opt/llama"), source: "env" });
  });

  it("else a folder per release tag in $XDG_CACHE_HOME or the platform's cache dir", () => {
    expect(resolveLlamaToolsDir({ tag: "v0.4.0", env: { XDG_CACHE_HOME: "/c" }, platform: "linux", home })).toEqual({ dir: path.join("/c", "tracetune", "llama.cpp", "v0.4.0"), source: "cache" });
    expect(resolveLlamaToolsDir({ tag: "v0.4.0", env: {}, platform: "linux", home }).dir).toBe(path.join(home, ".cache", "tracetune", "llama.cpp", "v0.4.0"));
    expect(resolveLlamaToolsDir({ tag: "v0.4.0", env: {}, platform: "darwin", home }).dir).toBe(path.join(home, "Library", "Caches", "tracetune", "llama.cpp", "v0.4.0"));
    expect(resolveLlamaToolsDir({ tag: "b7000", env: { LOCALAPPDATA: "/w/Local" }, platform: "win32", home }).dir).toBe(path.join("/w/Local", "tracetune", "llama.cpp", "b7000"));
    expect(resolveLlamaToolsDir({ tag: "b7000", env: {}, platform: "win32", home }).dir).toBe(path.join(home, "AppData", "Local", "tracetune", "llama.cpp", "b7000"));
  });
});
