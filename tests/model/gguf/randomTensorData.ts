import type { GgmlTypeName } from "./writeGgufFile.js";

/**
 * A seeded xorshift32 stream, so a given spec always produces the same bytes: generated files can be
 * cached by the hash of their spec and two runs load the same weights.
 */
export class SeededStream {
  private state: number;
  constructor(seed: number) {
    this.state = (seed >>> 0) || 0x9e3779b9;
  }
  nextU32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  /** Uniform in [-1, 1). */
  nextSigned(): number {
    return this.nextU32() / 0x80000000 - 1;
  }
  fill(bytes: Uint8Array): void {
    const whole = bytes.length - (bytes.length % 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < whole; i += 4) view.setUint32(i, this.nextU32(), true);
    for (let i = whole; i < bytes.length; i++) bytes[i] = this.nextU32() & 0xff;
  }
}

/**
 * Random weights of standard deviation `std`, encoded as `type`. Quantised blocks take random quants and a
 * fixed scale chosen so the dequantised values have that deviation (uniform ints in [-8,7] have std ≈ 4.61,
 * in [-128,127] ≈ 73.9).
 */
export function randomTensorData(options: { elements: number; type: GgmlTypeName; std: number; stream: SeededStream }): Uint8Array {
  const { elements, type, std, stream } = options;
  if (type === "F32") {
    const values = new Float32Array(elements);
    const amplitude = std * Math.sqrt(3);
    for (let i = 0; i < elements; i++) values[i] = stream.nextSigned() * amplitude;
    return new Uint8Array(values.buffer);
  }
  if (type === "F16") {
    const out = new Uint8Array(elements * 2);
    const view = new DataView(out.buffer);
    const amplitude = std * Math.sqrt(3);
    for (let i = 0; i < elements; i++) view.setUint16(i * 2, toHalf(stream.nextSigned() * amplitude), true);
    return out;
  }
  const blocks = elements / 32;
  const blockBytes = type === "Q4_0" ? 18 : 34;
  const scale = toHalf(type === "Q4_0" ? std / 4.61 : std / 73.9);
  const out = new Uint8Array(blocks * blockBytes);
  stream.fill(out);
  const view = new DataView(out.buffer);
  for (let b = 0; b < blocks; b++) view.setUint16(b * blockBytes, scale, true);
  return out;
}

/** All elements equal (norm weights are ones). */
export function constantF32(elements: number, value: number): Uint8Array {
  return new Uint8Array(new Float32Array(elements).fill(value).buffer);
}

/** IEEE 754 half precision bits of `value` (round to nearest; subnormals handled, no NaN inputs). */
export function toHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    const m = (mantissa | 0x800000) >> (1 - exponent);
    return sign | ((m + 0x1000) >> 13);
  }
  return sign | (exponent << 10) | ((mantissa + 0x1000) >> 13);
}
