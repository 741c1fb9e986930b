/**
 * Bytes per block and elements per block of ggml tensor types (ggml.c `type_traits`), used to check that
 * a file holds all of its tensors' data before llama.cpp maps it. Types missing here are not size-checked.
 */
export const ggmlTypeBlockSizes: Record<number, { bytes: number; elements: number }> = {
  0: { bytes: 4, elements: 1 }, // F32
  1: { bytes: 2, elements: 1 }, // F16
  2: { bytes: 18, elements: 32 }, // Q4_0
  3: { bytes: 20, elements: 32 }, // Q4_1
  6: { bytes: 22, elements: 32 }, // Q5_0
  7: { bytes: 24, elements: 32 }, // Q5_1
  8: { bytes: 34, elements: 32 }, // Q8_0
  9: { bytes: 36, elements: 32 }, // Q8_1
  10: { bytes: 84, elements: 256 }, // Q2_K
  11: { bytes: 110, elements: 256 }, // Q3_K
  12: { bytes: 144, elements: 256 }, // Q4_K
  13: { bytes: 176, elements: 256 }, // Q5_K
  14: { bytes: 210, elements: 256 }, // Q6_K
  15: { bytes: 292, elements: 256 }, // Q8_K
  24: { bytes: 1, elements: 1 }, // I8
  25: { bytes: 2, elements: 1 }, // I16
  26: { bytes: 4, elements: 1 }, // I32
  27: { bytes: 8, elements: 1 }, // I64
  28: { bytes: 8, elements: 1 }, // F64
  30: { bytes: 2, elements: 1 }, // BF16
};
