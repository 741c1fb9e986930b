import { open } from "node:fs/promises";
import { GgufPatchError } from "../trainingErrors.js";
import { readGgufHeaderEntries } from "./readGgufHeaderEntries.js";

const integerWriters: Record<string, { bytes: number; write: (buffer: Buffer, value: number) => void; max: number; min: number }> = {
  u32: { bytes: 4, write: (b, v) => b.writeUInt32LE(v), min: 0, max: 2 ** 32 - 1 },
  i32: { bytes: 4, write: (b, v) => b.writeInt32LE(v), min: -(2 ** 31), max: 2 ** 31 - 1 },
  u64: { bytes: 8, write: (b, v) => b.writeBigUInt64LE(BigInt(v)), min: 0, max: Number.MAX_SAFE_INTEGER },
  i64: { bytes: 8, write: (b, v) => b.writeBigInt64LE(BigInt(v)), min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

/**
 * Overwrites an integer metadata value of a GGUF file in place (same type, same size, so no offset in the
 * file moves), then reads the header again and checks the new value is there. Throws `gguf_patch_failed`
 * when the key is missing, is not a 32/64-bit integer, or the value does not fit its type.
 */
export async function patchGgufInteger(options: { file: string; key: string; value: number }): Promise<{ key: string; before: number; after: number }> {
  const { file, key, value } = options;
  const entry = (await readGgufHeaderEntries(file)).find((candidate) => candidate.key === key);
  if (!entry) throw new GgufPatchError(file, `it has no metadata key ${key}`, { key });
  const writer = integerWriters[entry.type];
  if (!writer) throw new GgufPatchError(file, `${key} is a ${entry.type}, not an integer`, { key, type: entry.type });
  if (!Number.isInteger(value) || value < writer.min || value > writer.max) throw new GgufPatchError(file, `${value} does not fit ${key} (${entry.type})`, { key, value });
  const bytes = Buffer.alloc(writer.bytes);
  writer.write(bytes, value);
  const handle = await open(file, "r+");
  try {
    await handle.write(bytes, 0, bytes.length, entry.valueOffset);
  } finally {
    await handle.close();
  }
  const reread = (await readGgufHeaderEntries(file)).find((candidate) => candidate.key === key);
  if (Number(reread?.value) !== value) throw new GgufPatchError(file, `${key} reads back as ${String(reread?.value)} after writing ${value}`, { key, value });
  return { key, before: Number(entry.value), after: value };
}
