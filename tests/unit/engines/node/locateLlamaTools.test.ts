import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { llamaToolNames } from "../../../../native/engines/common/llamaToolNames.js";
import { buildLlamaTools } from "../../../../native/engines/node/buildLlamaTools.js";
import { locateLlamaTools } from "../../../../native/engines/node/locateLlamaTools.js";
import { manifestFileName } from "../../../../native/engines/node/readLlamaToolsManifest.js";

const isPosix = process.platform !== "win32";
const tag = "v0.4.0";
const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-llama-tools-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Stand-ins for llama.cpp's tools that print `version` on stderr like the real ones. */
function fakeTools(dir: string, version: string, tools: readonly string[] = llamaToolNames): void {
  mkdirSync(dir, { recursive: true });
  for (const tool of tools) {
    writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${version}" >&2\necho "built with cc for test" >&2\n`);
    chmodSync(path.join(dir, tool), 0o755);
  }
}

function writeManifest(dir: string, manifestTag: string): void {
  const binaries = Object.fromEntries(llamaToolNames.map((name) => [name, path.join("bin", name)]));
  writeFileSync(path.join(dir, manifestFileName), JSON.stringify({ tag: manifestTag, commit: null, targets: llamaToolNames, binaries, version: "version: 0.4.0 (build 1, commit abc)", cmakeFlags: [], platform: "test", builtAt: "2020-01-01T00:00:00.000Z", buildSeconds: 1 }));
}

describe.skipIf(!isPosix)("locateLlamaTools", () => {
  it("reports tracetune's build as ready only with a manifest for this tag and every binary", async () => {
    const dir = tmp();
    const env = { TRACETUNE_LLAMA_CPP_DIR: dir };
    expect(await locateLlamaTools({ tag, env })).toMatchObject({ source: "env", dir, isReady: false, manifest: null, binaries: { "llama-server": null } });
    fakeTools(path.join(dir, "bin"), "version: 0.4.0 (build 1, commit abc)");
    expect((await locateLlamaTools({ tag, env })).isReady).toBe(false); // binaries without a manifest: an interrupted build
    writeManifest(dir, tag);
    const ready = await locateLlamaTools({ tag, env });
    expect(ready).toMatchObject({ isReady: true, warning: null, version: "version: 0.4.0 (build 1, commit abc)", binaries: { "llama-finetune": path.join(dir, "bin", "llama-finetune") } });
    writeManifest(dir, "v0.3.0");
    expect(await locateLlamaTools({ tag, env })).toMatchObject({ isReady: false, warning: expect.stringContaining("built from v0.3.0, not v0.4.0") });
  });

  it("a second build is a no-op while the manifest lists every tool of this release", async () => {
    const dir = tmp();
    fakeTools(path.join(dir, "bin"), "version: 0.4.0 (build 1, commit abc)");
    writeManifest(dir, tag);
    // No bundle and no build tools are needed to find there is nothing to do.
    const result = await buildLlamaTools({ release: { tag, repo: "ggml-org/llama.cpp", bundlePath: null, llamaDir: "/nowhere" }, dir });
    expect(result).toMatchObject({ isBuilt: false, manifest: { tag } });
    await expect(buildLlamaTools({ release: { tag, repo: "ggml-org/llama.cpp", bundlePath: null, llamaDir: "/nowhere" }, dir, force: true })).rejects.toMatchObject({ code: "llama_tools_build_failed", message: expect.stringContaining("gitRelease.bundle") });
  });

  it("checks the user's own build by its --version: a match is quiet, a mismatch or a missing tool is a warning", async () => {
    const own = tmp();
    fakeTools(path.join(own, "build", "bin"), "version: 0.4.0 (build 6001, commit 1234abc)");
    expect(await locateLlamaTools({ tag, ownBuildDir: own })).toMatchObject({
      source: "setting", isReady: true, warning: null, version: "version: 0.4.0 (build 6001, commit 1234abc)",
      binaries: { "llama-server": path.join(own, "build", "bin", "llama-server") },
    });

    const older = tmp();
    fakeTools(older, "version: 0.3.2 (build 5000, commit aaaa111)", ["llama-server", "llama-batched-bench"]);
    const status = await locateLlamaTools({ tag, ownBuildDir: older });
    expect(status.isReady).toBe(false);
    expect(status.warning).toContain("lacks llama-finetune");
    expect(status.warning).toContain('"version: 0.3.2 (build 5000, commit aaaa111)", not release 0.4.0');
  });
});
