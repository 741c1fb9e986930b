import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AddonPatchError, copySequenceMethod, patchLlamaAddon } from "../../../../native/engines/common/patchLlamaAddon.js";
import { readBundledLlamaRelease } from "../../../../native/engines/node/readBundledLlamaRelease.js";

// The installed node-llama-cpp's own addon sources: the patch must fit exactly these.
const addonDir = path.join(readBundledLlamaRelease().llamaDir, "addon");
const installed = { header: readFileSync(path.join(addonDir, "AddonContext.h"), "utf8"), source: readFileSync(path.join(addonDir, "AddonContext.cpp"), "utf8") };
const count = (text: string, part: string) => text.split(part).length - 1;

describe("patchLlamaAddon", () => {
  it("adds one declared, registered and defined method to the installed AddonContext, changing nothing else", () => {
    const patched = patchLlamaAddon(installed);
    expect(count(patched.header, "Napi::Value CopySequence(const Napi::CallbackInfo& info);")).toBe(1);
    expect(count(patched.source, `InstanceMethod("${copySequenceMethod}", &AddonContext::CopySequence),`)).toBe(1);
    expect(count(patched.source, "Napi::Value AddonContext::CopySequence(const Napi::CallbackInfo& info) {")).toBe(1);
    // Full copy then cut: a partial cross-stream seq_cp aborts llama.cpp.
    expect(patched.source).toContain("llama_memory_seq_cp(memory, sourceId, targetId, -1, -1);");
    expect(patched.source).toContain("llama_memory_seq_rm(memory, targetId, endPos, -1)");
    const removeAdded = (text: string) => text.split("\n").filter((line) => !line.includes("CopySequence")).join("\n");
    expect(removeAdded(patched.header)).toBe(removeAdded(installed.header));
    const beforeAppended = patched.source.slice(0, patched.source.indexOf("\n\n// tracetune: in-memory prompt sharing"));
    expect(removeAdded(beforeAppended)).toBe(installed.source.trimEnd());
  });

  it("fails naming the anchor when node-llama-cpp's sources moved, and refuses to patch twice", () => {
    expect(() => patchLlamaAddon({ ...installed, header: installed.header.replace("RemoveTokenCellsFromSequence", "RemoveCells") })).toThrow(/AddonContext\.h: expected exactly one "Napi::Value RemoveTokenCellsFromSequence/);
    expect(() => patchLlamaAddon({ ...installed, source: installed.source.replace('InstanceMethod("removeTokenCellsFromSequence"', 'InstanceMethod("removeCells"') })).toThrow(AddonPatchError);
    expect(() => patchLlamaAddon(patchLlamaAddon(installed))).toThrow(/already patched/);
  });
});
