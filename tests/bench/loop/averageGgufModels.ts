import { copyFile, open, rename, rm } from "node:fs/promises";
import { GgufPatchError } from "../../../native/training/trainingErrors.js";
import { readGgufLayout, type GgufLayout, type GgufTensorInfo } from "../../../native/training/node/readGgufHeaderEntries.js";

const F32 = 0;
/** Floats averaged per read, so a large tensor never needs all its copies in memory at once. */
const CHUNK_FLOATS = 1 << 20;

/** The same tensors (by name: shapes and types) in every file, all F32; else a `gguf_patch_failed` naming the file and tensor. Returns each file's tensors by name. */
function matchTensors(files: string[], layouts: GgufLayout[]): Array<Map<string, GgufTensorInfo>> {
  const [first] = layouts;
  const byName = layouts.map((layout) => new Map(layout.tensors.map((tensor) => [tensor.name, tensor])));
  for (const tensor of first.tensors) {
    if (tensor.type !== F32) throw new GgufPatchError(files[0], `tensor ${tensor.name} is not F32 (ggml type ${tensor.type}); only F32 models are averaged`, { tensor: tensor.name });
  }
  for (const [index, layout] of layouts.entries()) {
    if (index === 0) continue;
    const file = files[index];
    if (layout.tensors.length !== first.tensors.length) throw new GgufPatchError(file, `it has ${layout.tensors.length} tensors where ${files[0]} has ${first.tensors.length}`);
    for (const expected of first.tensors) {
      const tensor = byName[index].get(expected.name);
      if (!tensor) throw new GgufPatchError(file, `it has no tensor ${expected.name} (${files[0]} has)`, { tensor: expected.name });
      if (tensor.type !== expected.type || tensor.dims.join("x") !== expected.dims.join("x")) {
        throw new GgufPatchError(file, `tensor ${tensor.name} is [${tensor.dims.join("x")}], ggml type ${tensor.type}, where ${files[0]} has [${expected.dims.join("x")}], type ${expected.type}`, { tensor: tensor.name });
      }
    }
  }
  return byName;
}

/**
 * Writes the element-wise (weighted) mean of the weights of several F32 GGUF models with the same tensors
 * (a "model soup": models fine-tuned from one base lie in one basin, so their mean is a model too; with the
 * base itself among them it interpolates between base and fine-tune). Tensors are matched by name, so files
 * whose headers differ (a base and llama-finetune's output) average too. The metadata and tensor table are
 * the first file's; every tensor's data is the mean over the files, accumulated in double precision. Written to `out.partial` and
 * renamed, so nothing is left under `out` on failure.
 */
export async function averageGgufModels(options: { files: string[]; out: string; weights?: number[] }): Promise<{ tensors: number; parameters: number }> {
  const { files, out } = options;
  if (files.length === 0) throw new GgufPatchError(out, "there are no models to average");
  const weights = options.weights ?? files.map(() => 1);
  if (weights.length !== files.length || weights.some((w) => !Number.isFinite(w) || w < 0) || weights.every((w) => w === 0)) {
    throw new GgufPatchError(out, `the weights (${weights.join(", ")}) must be one non-negative number per model, not all zero`);
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const layouts = await Promise.all(files.map((file) => readGgufLayout(file)));
  const tensorsByName = matchTensors(files, layouts);
  const partial = `${out}.partial`;
  await copyFile(files[0], partial);
  const inputs = await Promise.all(files.map((file) => open(file, "r")));
  const output = await open(partial, "r+");
  let parameters = 0;
  try {
    for (const tensor of layouts[0].tensors) {
      const count = tensor.dims.reduce((product, dim) => product * dim, 1);
      parameters += count;
      for (let start = 0; start < count; start += CHUNK_FLOATS) {
        const floats = Math.min(CHUNK_FLOATS, count - start);
        const sums = new Float64Array(floats);
        const bytes = Buffer.alloc(floats * 4);
        for (const [index, input] of inputs.entries()) {
          const own = tensorsByName[index].get(tensor.name)!;
          const { bytesRead } = await input.read(bytes, 0, bytes.length, own.dataOffset + start * 4);
          if (bytesRead !== bytes.length) throw new GgufPatchError(files[index], `tensor ${tensor.name} ends past the end of the file`, { tensor: tensor.name });
          for (let i = 0; i < floats; i++) sums[i] += weights[index] * bytes.readFloatLE(i * 4);
        }
        for (let i = 0; i < floats; i++) bytes.writeFloatLE(sums[i] / weightSum, i * 4);
        await output.write(bytes, 0, bytes.length, tensor.dataOffset + start * 4);
      }
    }
  } catch (error) {
    await output.close();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await Promise.all(inputs.map((input) => input.close()));
  }
  await output.close();
  await rename(partial, out);
  return { tensors: layouts[0].tensors.length, parameters };
}
