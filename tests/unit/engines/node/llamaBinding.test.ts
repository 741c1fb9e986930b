import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addonPatchId } from "../../../../native/engines/common/patchLlamaAddon.js";
import { findNodeHeaders, resolveLlamaBindingDir } from "../../../../native/engines/node/buildLlamaBinding.js";
import { bindingManifestFileName, isBindingManifestCurrent, readLlamaBindingManifest, type LlamaBindingManifest } from "../../../../native/engines/node/llamaBindingManifest.js";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("the binding's dir and manifest", () => {
  it("lives in $TRACETUNE_LLAMA_BINDING_DIR, else per node-llama-cpp version and release in the cache root", () => {
    expect(resolveLlamaBindingDir({ nodeLlamaCppVersion: "3.21.1", tag: "v0.4.0", env: { TRACETUNE_LLAMA_BINDING_DIR: "/opt/b" } })).toBe(path.resolve("/opt/b"));
    expect(resolveLlamaBindingDir({ nodeLlamaCppVersion: "3.21.1", tag: "v0.4.0", env: { XDG_CACHE_HOME: "/c" } })).toBe(path.join("/c", "tracetune", "node-llama-cpp", "3.21.1-v0.4.0"));
  });

  it("is current only for the same node-llama-cpp version, release, patch and platform, with its file there", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-binding-"));
    dirs.push(dir);
    const expected = { nodeLlamaCppVersion: "3.21.1", tag: "v0.4.0" };
    expect(await readLlamaBindingManifest(dir)).toBeNull();
    const manifest: LlamaBindingManifest = {
      ...expected, commit: null, patchId: addonPatchId, binding: path.join("bin", "llama-addon.node"),
      platform: `${process.platform}-${process.arch}`, cmakeFlags: [], builtAt: "2026-11-26T00:00:00Z", buildSeconds: 1,
    };
    await writeFile(path.join(dir, bindingManifestFileName), JSON.stringify(manifest));
    const read = await readLlamaBindingManifest(dir);
    expect(read).toEqual(manifest);
    expect(isBindingManifestCurrent(read, dir, expected)).toBe(false); // the .node file is missing
    await mkdir(path.join(dir, "bin"));
    await writeFile(path.join(dir, manifest.binding), "");
    expect(isBindingManifestCurrent(read, dir, expected)).toBe(true);
    expect(isBindingManifestCurrent(read, dir, { ...expected, nodeLlamaCppVersion: "3.22.1" })).toBe(false);
    expect(isBindingManifestCurrent(read, dir, { ...expected, tag: "v0.5.0" })).toBe(false);
    expect(isBindingManifestCurrent({ ...manifest, patchId: "0000" }, dir, expected)).toBe(false);
    expect(isBindingManifestCurrent({ ...manifest, platform: "plan9-mips" }, dir, expected)).toBe(false);
  });

  it("finds the Node headers next to the node binary, or where $TRACETUNE_NODE_HEADERS says, never elsewhere", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-headers-"));
    dirs.push(dir);
    await writeFile(path.join(dir, "node_api.h"), "");
    expect(findNodeHeaders({ TRACETUNE_NODE_HEADERS: dir })).toBe(dir);
    const beside = path.resolve(path.dirname(process.execPath), "..", "include", "node");
    expect(findNodeHeaders({ TRACETUNE_NODE_HEADERS: path.join(dir, "nothing") })).toBe(await import("node:fs").then((fs) => (fs.existsSync(path.join(beside, "node_api.h")) ? beside : null)));
  });
});

describe("locateLlamaBindingStatus", () => {
  it("reports the installed node-llama-cpp and tag, and not ready in an empty dir", async () => {
    const { locateLlamaBindingStatus, readInstalledNodeLlamaCpp } = await import("../../../../native/engines/node/locateLlamaBindingStatus.js");
    const dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-binding-"));
    dirs.push(dir);
    const installed = readInstalledNodeLlamaCpp();
    expect(installed.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await locateLlamaBindingStatus({ TRACETUNE_LLAMA_BINDING_DIR: dir })).toEqual({
      nodeLlamaCppVersion: installed.version, tag: installed.tag, dir, isReady: false, binding: null, builtAt: null, buildSeconds: null,
    });
  });
});
