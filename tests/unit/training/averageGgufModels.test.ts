import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { averageGgufModels } from "../../bench/loop/averageGgufModels.js";
import { readGgufLayout } from "../../../native/training/node/readGgufHeaderEntries.js";
import { writeGgufFile, type GgmlTypeName } from "../../model/gguf/writeGgufFile.js";

let dir: string;

/** A model file whose tensor `a` (3 x 32) holds `fill(i)` at element i and `b` (64) holds `fill(1000 + i)`. */
async function model(name: string, fill: (i: number) => number, type: GgmlTypeName = "F32", contextLength = 256, extraKey = false): Promise<string> {
  const file = path.join(dir, name);
  const floats = (count: number, from: number) => () => new Uint8Array(Float32Array.from({ length: count }, (_, i) => fill(from + i)).buffer);
  await writeGgufFile({
    file,
    metadata: {
      "general.architecture": { type: "string", value: "llama" },
      "tokenizer.ggml.tokens": { type: "array", itemType: "string", value: Array.from({ length: 500 }, (_, i) => `tok${i}`) },
      "llama.context_length": { type: "u32", value: contextLength },
      ...(extraKey ? { "training.note": { type: "string" as const, value: "a longer header, so every tensor sits elsewhere" } } : {}),
    },
    tensors: [
      { name: "a", dims: [32, 3], type, data: type === "F32" ? floats(96, 0) : () => new Uint8Array(96 * 2) },
      { name: "b", dims: [64], type: "F32", data: floats(64, 1000) },
    ],
  });
  return file;
}

async function tensorValues(file: string, name: string): Promise<number[]> {
  const layout = await readGgufLayout(file);
  const tensor = layout.tensors.find((t) => t.name === name)!;
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  const bytes = (await readFile(file)).subarray(tensor.dataOffset, tensor.dataOffset + count * 4);
  return Array.from({ length: count }, (_, i) => bytes.readFloatLE(i * 4));
}

describe("averageGgufModels", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-gguf-average-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("reads the tensor table where node-llama-cpp's reader finds it", async () => {
    const file = await model("layout.gguf", (i) => i);
    const layout = await readGgufLayout(file);
    const info = await readGgufFileInfo(file, { sourceType: "filesystem" });
    expect(layout.tensors.map((t) => [t.name, t.dims, t.type])).toEqual(info.fullTensorInfo!.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType]));
    expect(layout.tensors.map((t) => t.dataOffset)).toEqual(info.fullTensorInfo!.map((t) => Number(t.fileOffset)));
    expect(await tensorValues(file, "b")).toEqual(Array.from({ length: 64 }, (_, i) => 1000 + i));
  });

  it("writes the element-wise mean of every tensor and keeps the first file's metadata", async () => {
    const files = [await model("m1.gguf", (i) => i), await model("m2.gguf", (i) => 2 * i), await model("m3.gguf", (i) => -i + 0.5)];
    const out = path.join(dir, "mean.gguf");
    expect(await averageGgufModels({ files, out })).toEqual({ tensors: 2, parameters: 160 });
    const expected = (i: number) => Math.fround((i + 2 * i + (-i + 0.5)) / 3);
    expect(await tensorValues(out, "a")).toEqual(Array.from({ length: 96 }, (_, i) => expected(i)));
    expect(await tensorValues(out, "b")).toEqual(Array.from({ length: 64 }, (_, i) => expected(1000 + i)));
    const info = await readGgufFileInfo(out, { sourceType: "filesystem" });
    expect((info.metadata as any).llama.context_length).toBe(256);
    expect((await readFile(out)).length).toBe((await readFile(files[0])).length);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("weighs the models when asked and matches tensors by name where the headers differ (a base and a trained file)", async () => {
    const base = await model("base.gguf", (i) => i);
    const trained = await model("trained.gguf", (i) => 4 * i, "F32", 256, true);
    expect((await readGgufLayout(trained)).dataStart).not.toBe((await readGgufLayout(base)).dataStart);
    const out = path.join(dir, "weighted.gguf");
    await averageGgufModels({ files: [trained, base], out, weights: [3, 1] });
    expect(await tensorValues(out, "a")).toEqual(Array.from({ length: 96 }, (_, i) => Math.fround((3 * 4 * i + i) / 4)));
    expect(await tensorValues(out, "b")).toEqual(Array.from({ length: 64 }, (_, i) => Math.fround((3 * 4 * (1000 + i) + 1000 + i) / 4)));
    await expect(averageGgufModels({ files: [trained, base], out, weights: [1] })).rejects.toMatchObject({ message: expect.stringContaining("one non-negative number per model") });
    await expect(averageGgufModels({ files: [trained, base], out, weights: [0, 0] })).rejects.toMatchObject({ code: "gguf_patch_failed" });
  });

  it("refuses models that are not all F32 or do not share their tensors, naming the file, and leaves nothing behind", async () => {
    const f32 = await model("f32.gguf", (i) => i);
    const out = path.join(dir, "refused.gguf");
    await expect(averageGgufModels({ files: [await model("f16.gguf", (i) => i, "F16"), f32], out })).rejects.toMatchObject({ code: "gguf_patch_failed", message: expect.stringContaining("tensor a is not F32") });
    const longer = await model("longer.gguf", (i) => i, "F32", 2 ** 20);
    await expect(averageGgufModels({ files: [f32, await model("f16b.gguf", (i) => i, "F16")], out })).rejects.toMatchObject({ message: expect.stringContaining("f16b.gguf") });
    // Same tensors, another metadata value of the same size: averaged (the first file's metadata wins).
    await averageGgufModels({ files: [f32, longer], out });
    expect(await tensorValues(out, "a")).toEqual(await tensorValues(f32, "a"));
    await expect(averageGgufModels({ files: [], out: path.join(dir, "none.gguf") })).rejects.toMatchObject({ code: "gguf_patch_failed" });
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(path.join(dir, "none.gguf"))).toBe(false);
  });
});
