import { open, type FileHandle } from "node:fs/promises";
import { GgufPatchError } from "../trainingErrors.js";

/** GGUF metadata value types (gguf.h `gguf_type`) and the byte size of each scalar. */
const scalarSizes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
export const ggufTypeNames: Record<number, string> = { 0: "u8", 1: "i8", 2: "u16", 3: "i16", 4: "u32", 5: "i32", 6: "f32", 7: "bool", 8: "string", 9: "array", 10: "u64", 11: "i64", 12: "f64" };
const STRING = 8;
const ARRAY = 9;
/** Plausibility bound on any count in a header (tensors, keys, array items, string bytes). */
const MAX_COUNT = 2 ** 31;

/** One metadata entry: where its value starts in the file and what it holds (scalars and strings read; arrays only sized). */
export interface GgufHeaderEntry {
  key: string;
  type: string;
  /** Byte offset of the value (after the type id). */
  valueOffset: number;
  /** The value for scalars and strings; null for arrays. */
  value: number | bigint | boolean | string | null;
}

/** Reads a file sequentially through a growing window, so a header with a 256k-entry vocabulary never needs the whole file. */
class SequentialReader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  position = 0;
  constructor(private readonly handle: FileHandle, private readonly file: string, private readonly size: number) {}

  async take(length: number): Promise<Buffer> {
    if (this.position + length > this.size) throw new GgufPatchError(this.file, `its header ends early (needs byte ${this.position + length} of ${this.size})`);
    const end = this.position + length;
    if (end > this.bufferStart + this.buffer.length) {
      const chunk = Buffer.alloc(Math.max(length, 1 << 20));
      const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, this.position);
      this.buffer = chunk.subarray(0, bytesRead);
      this.bufferStart = this.position;
    }
    const slice = this.buffer.subarray(this.position - this.bufferStart, end - this.bufferStart);
    this.position = end;
    return slice;
  }
  async u32(): Promise<number> {
    return (await this.take(4)).readUInt32LE(0);
  }
  async count(what: string): Promise<number> {
    const value = (await this.take(8)).readBigUInt64LE(0);
    if (value > BigInt(MAX_COUNT)) throw new GgufPatchError(this.file, `its header is malformed (${what} ${value})`);
    return Number(value);
  }
  async string(): Promise<string> {
    return (await this.take(await this.count("string length"))).toString("utf8");
  }
}

function readScalar(bytes: Buffer, type: number): number | bigint | boolean {
  switch (type) {
    case 0: return bytes.readUInt8(0);
    case 1: return bytes.readInt8(0);
    case 2: return bytes.readUInt16LE(0);
    case 3: return bytes.readInt16LE(0);
    case 4: return bytes.readUInt32LE(0);
    case 5: return bytes.readInt32LE(0);
    case 6: return bytes.readFloatLE(0);
    case 7: return bytes.readUInt8(0) !== 0;
    case 10: return bytes.readBigUInt64LE(0);
    case 11: return bytes.readBigInt64LE(0);
    default: return bytes.readDoubleLE(0);
  }
}

/**
 * Every metadata entry of a GGUF v2/v3 file with the byte offset of its value, following the GGUF
 * specification (magic, version, tensor count, key count, then key/type/value triples). Arrays are skipped
 * (strings inside them read for their lengths), so a large vocabulary costs one pass and no memory.
 */
export async function readGgufHeaderEntries(file: string): Promise<GgufHeaderEntry[]> {
  return (await readGgufLayout(file)).entries;
}

/** One tensor of a GGUF file: its name, shape, ggml type id, and where its data is (absolute byte offset). */
export interface GgufTensorInfo {
  name: string;
  dims: number[];
  /** ggml type id (0: F32). */
  type: number;
  /** Absolute byte offset of the tensor's data in the file. */
  dataOffset: number;
}

/** The metadata entries, the tensor table and where the tensor data starts (after `general.alignment` padding). */
export interface GgufLayout {
  entries: GgufHeaderEntry[];
  tensors: GgufTensorInfo[];
  dataStart: number;
  size: number;
}

/** Reads the header and the tensor table (GGUF spec: name, dims, type, offset relative to the aligned data start). */
export async function readGgufLayout(file: string): Promise<GgufLayout> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const reader = new SequentialReader(handle, file, size);
    if ((await reader.take(4)).toString("latin1") !== "GGUF") throw new GgufPatchError(file, "it does not start with the GGUF magic bytes");
    const version = await reader.u32();
    if (version < 2 || version > 3) throw new GgufPatchError(file, `unsupported GGUF version ${version}`);
    const tensorCount = await reader.count("tensor count");
    const keyCount = await reader.count("key count");
    const entries: GgufHeaderEntry[] = [];
    for (let i = 0; i < keyCount; i++) {
      const key = await reader.string();
      const type = await reader.u32();
      const valueOffset = reader.position;
      if (type === STRING) {
        entries.push({ key, type: "string", valueOffset, value: await reader.string() });
      } else if (type === ARRAY) {
        const itemType = await reader.u32();
        const length = await reader.count("array length");
        if (itemType === STRING) for (let j = 0; j < length; j++) await reader.take(await reader.count("string length"));
        else if (scalarSizes[itemType] !== undefined) await reader.take(scalarSizes[itemType] * length);
        else throw new GgufPatchError(file, `key ${key} is an array of unknown type ${itemType}`);
        entries.push({ key, type: "array", valueOffset, value: null });
      } else if (scalarSizes[type] !== undefined) {
        entries.push({ key, type: ggufTypeNames[type], valueOffset, value: readScalar(await reader.take(scalarSizes[type]), type) });
      } else {
        throw new GgufPatchError(file, `key ${key} has unknown type ${type}`);
      }
    }
    const relative: Array<Omit<GgufTensorInfo, "dataOffset"> & { offset: number }> = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = await reader.string();
      const dimCount = await reader.u32();
      if (dimCount > 4) throw new GgufPatchError(file, `tensor ${name} has ${dimCount} dimensions (at most 4)`);
      const dims: number[] = [];
      for (let d = 0; d < dimCount; d++) dims.push(await reader.count(`tensor ${name} dimension`));
      const type = await reader.u32();
      const offset = (await reader.take(8)).readBigUInt64LE(0);
      if (offset > BigInt(size)) throw new GgufPatchError(file, `tensor ${name} starts past the end of the file`);
      relative.push({ name, dims, type, offset: Number(offset) });
    }
    const alignmentEntry = entries.find((entry) => entry.key === "general.alignment");
    const alignment = alignmentEntry ? Number(alignmentEntry.value) : 32;
    const dataStart = Math.ceil(reader.position / alignment) * alignment;
    const tensors = relative.map(({ offset, ...tensor }) => ({ ...tensor, dataOffset: dataStart + offset }));
    return { entries, tensors, dataStart, size };
  } finally {
    await handle.close();
  }
}
