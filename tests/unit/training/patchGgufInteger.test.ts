import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchGgufInteger } from "../../../native/training/node/patchGgufInteger.js";
import { readGgufHeaderEntries } from "../../../native/training/node/readGgufHeaderEntries.js";
import { writeGgufFile } from "../../model/gguf/writeGgufFile.js";

let dir: string;
let file: string;

describe("patchGgufInteger", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-gguf-patch-"));
    file = path.join(dir, "m.gguf");
    // Arrays before the key (a vocabulary, scores) so the reader must walk past them to find it.
    await writeGgufFile({
      file,
      metadata: {
        "general.architecture": { type: "string", value: "llama" },
        "tokenizer.ggml.tokens": { type: "array", itemType: "string", value: Array.from({ length: 3000 }, (_, i) => `tok${i}`) },
        "tokenizer.ggml.scores": { type: "array", itemType: "f32", value: Array.from({ length: 3000 }, (_, i) => i / 10) },
        "llama.context_length": { type: "u32", value: 256 },
        "llama.block_count": { type: "u32", value: 2 },
      },
      tensors: [{ name: "w", dims: [32], type: "F32", data: () => new Uint8Array(128).fill(7) }],
    });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("rewrites the value in place, reads it back, and leaves every other byte as it was", async () => {
    const before = await readFile(file);
    expect(await patchGgufInteger({ file, key: "llama.context_length", value: 2048 })).toEqual({ key: "llama.context_length", before: 256, after: 2048 });
    const after = await readFile(file);
    expect(after.length).toBe(before.length);
    const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(4);
    // An independent reader (node-llama-cpp's) agrees.
    const info = await readGgufFileInfo(file, { sourceType: "filesystem" });
    expect((info.metadata as any).llama.context_length).toBe(2048);
    expect((info.metadata as any).llama.block_count).toBe(2);
  });

  it("names the key when it is missing or not an integer, and the value when it does not fit", async () => {
    await expect(patchGgufInteger({ file, key: "qwen2.context_length", value: 1 })).rejects.toMatchObject({ code: "gguf_patch_failed", message: expect.stringContaining("no metadata key qwen2.context_length") });
    await expect(patchGgufInteger({ file, key: "general.architecture", value: 1 })).rejects.toMatchObject({ message: expect.stringContaining("general.architecture is a string") });
    await expect(patchGgufInteger({ file, key: "llama.context_length", value: -1 })).rejects.toMatchObject({ message: expect.stringContaining("does not fit") });
    const entries = await readGgufHeaderEntries(file);
    expect(entries.find((e) => e.key === "tokenizer.ggml.tokens")).toMatchObject({ type: "array", value: null });
  });

  it("refuses a file that is not GGUF", async () => {
    const other = path.join(dir, "not.gguf");
    await (await import("node:fs/promises")).writeFile(other, "hello world, not a model at all");
    await expect(patchGgufInteger({ file: other, key: "llama.context_length", value: 1 })).rejects.toMatchObject({ code: "gguf_patch_failed", message: expect.stringContaining("magic") });
  });
});
