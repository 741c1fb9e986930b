import { open } from "node:fs/promises";

/** GGUF metadata value types (gguf.h `gguf_type`). */
const valueTypeIds = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 } as const;
type ScalarType = Exclude<keyof typeof valueTypeIds, "array">;

export type GgufValue =
  | { type: ScalarType; value: number | string | boolean }
  | { type: "array"; itemType: ScalarType; value: Array<number | string | boolean> };

/** The ggml tensor types the generator writes (ggml.h `ggml_type`) with their block geometry. */
export const ggmlTypes = {
  F32: { id: 0, blockElements: 1, blockBytes: 4 },
  F16: { id: 1, blockElements: 1, blockBytes: 2 },
  Q4_0: { id: 2, blockElements: 32, blockBytes: 18 },
  Q8_0: { id: 8, blockElements: 32, blockBytes: 34 },
} as const;
export type GgmlTypeName = keyof typeof ggmlTypes;

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the fastest-varying (row length). */
  dims: number[];
  type: GgmlTypeName;
  /** Produces the tensor's raw bytes; called once, in file order, so large files never sit in memory whole. */
  data: () => Uint8Array;
}

const ALIGNMENT = 32;

export function tensorByteSize(tensor: Pick<GgufTensor, "dims" | "type">): number {
  const { blockElements, blockBytes } = ggmlTypes[tensor.type];
  const elements = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.dims[0] % blockElements !== 0) throw new Error(`Tensor row length ${tensor.dims[0]} is not a multiple of ${blockElements} for ${tensor.type}.`);
  return (elements / blockElements) * blockBytes;
}

/** Serialises the header (magic, version 3, metadata, tensor infos) following the GGUF specification. */
class HeaderWriter {
  private chunks: Buffer[] = [];
  get length(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.chunks.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.chunks.push(b);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, "utf8");
    this.u64(bytes.length);
    this.chunks.push(bytes);
  }
  scalar(type: ScalarType, value: number | string | boolean): void {
    const b = Buffer.alloc(8);
    switch (type) {
      case "string": return this.string(String(value));
      case "bool": b.writeUInt8(value ? 1 : 0); return void this.chunks.push(b.subarray(0, 1));
      case "u8": b.writeUInt8(Number(value)); return void this.chunks.push(b.subarray(0, 1));
      case "i8": b.writeInt8(Number(value)); return void this.chunks.push(b.subarray(0, 1));
      case "u16": b.writeUInt16LE(Number(value)); return void this.chunks.push(b.subarray(0, 2));
      case "i16": b.writeInt16LE(Number(value)); return void this.chunks.push(b.subarray(0, 2));
      case "u32": return this.u32(Number(value));
      case "i32": b.writeInt32LE(Number(value)); return void this.chunks.push(b.subarray(0, 4));
      case "f32": b.writeFloatLE(Number(value)); return void this.chunks.push(b.subarray(0, 4));
      case "u64": return this.u64(Number(value));
      case "i64": b.writeBigInt64LE(BigInt(Number(value))); return void this.chunks.push(b);
      case "f64": b.writeDoubleLE(Number(value)); return void this.chunks.push(b);
    }
  }
  value(value: GgufValue): void {
    this.u32(valueTypeIds[value.type]);
    if (value.type !== "array") return this.scalar(value.type, value.value);
    this.u32(valueTypeIds[value.itemType]);
    this.u64(value.value.length);
    for (const item of value.value) this.scalar(value.itemType, item);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Writes a GGUF v3 file: metadata key/values, tensor infos, then each tensor's data at a 32-byte aligned
 * offset. Only what tests need; llama.cpp reads the result like any converted model.
 */
export async function writeGgufFile(options: { file: string; metadata: Record<string, GgufValue>; tensors: GgufTensor[] }): Promise<void> {
  const { file, metadata, tensors } = options;
  const header = new HeaderWriter();
  header.u32(0x46554747); // "GGUF"
  header.u32(3);
  header.u64(tensors.length);
  header.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    header.string(key);
    header.value(value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    header.string(tensor.name);
    header.u32(tensor.dims.length);
    for (const dim of tensor.dims) header.u64(dim);
    header.u32(ggmlTypes[tensor.type].id);
    header.u64(offset);
    offsets.push(offset);
    offset = alignUp(offset + tensorByteSize(tensor));
  }
  const headerBytes = header.bytes();
  const dataStart = alignUp(headerBytes.length);
  const handle = await open(file, "w");
  try {
    await handle.write(headerBytes, 0, headerBytes.length, 0);
    for (const [i, tensor] of tensors.entries()) {
      const bytes = tensor.data();
      if (bytes.length !== tensorByteSize(tensor)) throw new Error(`Tensor ${tensor.name}: ${bytes.length} bytes, expected ${tensorByteSize(tensor)}.`);
      await handle.write(bytes, 0, bytes.length, dataStart + offsets[i]);
    }
    // Pad the file to the aligned end of the last tensor, as gguf writers do.
    const end = dataStart + offset;
    await handle.truncate(end);
  } finally {
    await handle.close();
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}
