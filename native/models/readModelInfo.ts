import { open, stat } from "node:fs/promises";
import path from "node:path";
import { GgufFileType, readGgufFileInfo, resolveChatWrapper, type GgufFileInfo } from "node-llama-cpp";
import type { ModelFileKind, ModelInfo } from "../api/modelsApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { ggmlTypeBlockSizes } from "./ggmlTypeBlockSizes.js";
import { InvalidGgufFileError } from "./InvalidGgufFileError.js";

/** `name-00001-of-00003.gguf`, the split naming of llama.cpp's gguf-split. */
const PART_PATTERN = /-(\d{5})-of-(\d{5})\.gguf$/i;
/** Vocabulary arrays are large (up to 256k entries) and not needed for the catalog. */
const SKIPPED_KEYS = ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type", "tokenizer.ggml.merges"];

/**
 * Reads what the catalog shows from a GGUF file's header, without loading weights. Throws
 * `InvalidGgufFileError` naming the file when it is not GGUF, its header is malformed, or it is shorter
 * than its tensors need (a truncated download), and `invalid_input` when it does not exist.
 */
export async function readModelInfo(options: { file: string }): Promise<{ info: ModelInfo; fileInfo: GgufFileInfo }> {
  const file = path.resolve(options.file);
  const stats = await stat(file).catch(() => null);
  if (!stats?.isFile()) throw new InvalidInputError(`Model file ${file} does not exist or is not a file.`, { file });
  const partMatch = PART_PATTERN.exec(file);
  const part = partMatch ? { index: Number(partMatch[1]), count: Number(partMatch[2]) } : null;
  await checkHeader(file, stats.size);
  let fileInfo: GgufFileInfo;
  try {
    fileInfo = await readGgufFileInfo(file, { sourceType: "filesystem", ignoreKeys: SKIPPED_KEYS, logWarnings: false, spliceSplitFiles: false });
  } catch (error) {
    throw new InvalidGgufFileError(file, describeReadError(error));
  }
  checkTensorDataFits(file, stats.size, fileInfo);

  const metadata = fileInfo.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const general = (metadata.general ?? {}) as Record<string, unknown>;
  const architecture = String(general.architecture ?? "unknown");
  const arch = (metadata[architecture] ?? {}) as Record<string, unknown>;
  const generalType = typeof general.type === "string" ? general.type : null;
  const kind: ModelFileKind =
    generalType === "adapter" ? "adapter"
    : generalType === "mmproj" || architecture === "clip" || /mmproj/i.test(path.basename(file)) ? "projector"
    : part && part.index > 1 ? "part"
    : "model";

  // Damage inside the metadata can still parse (a zeroed key length reads as an empty key): catch what no
  // real model has, so the file is named as broken here rather than failing later at load.
  const garbled = [general.architecture, general.name].find((value) => typeof value === "string" && /[\u0000-\u0008\u000e-\u001f]/.test(value));
  if (garbled !== undefined) throw new InvalidGgufFileError(file, `its metadata is corrupt (a name holds control characters: ${JSON.stringify(String(garbled).slice(0, 24))})`);
  if (kind === "model" && typeof arch.block_count !== "number") throw new InvalidGgufFileError(file, `its metadata is incomplete or corrupt: it has no ${architecture}.block_count`);

  const tensors = fileInfo.fullTensorInfo ?? fileInfo.tensorInfo ?? [];
  const parameterCount = tensors.reduce((sum, t) => sum + t.dimensions.reduce<number>((n, d) => n * Number(d), 1), 0);
  const layerCount = typeof arch.block_count === "number" ? arch.block_count : countLayers(tensors.map((t) => t.name));
  const fileTemplate = (metadata.tokenizer as Record<string, unknown> | undefined)?.chat_template;
  const wrapper = kind === "model" ? resolveWrapperName(fileInfo, file) : null;

  const info: ModelInfo = {
    path: file,
    fileName: path.basename(file),
    sizeBytes: stats.size,
    kind,
    part,
    architecture,
    name: typeof general.name === "string" ? general.name : null,
    parameterCount,
    quantization: quantizationName(general.file_type, tensors.map((t) => t.ggmlType)),
    trainedContextLength: typeof arch.context_length === "number" ? arch.context_length : null,
    layerCount,
    embeddingLength: typeof arch.embedding_length === "number" ? arch.embedding_length : null,
    chatTemplate: {
      source: typeof fileTemplate === "string" ? "file" : wrapper ? "builtin" : "none",
      wrapper,
      template: typeof fileTemplate === "string" ? fileTemplate : null,
    },
    isSupported: kind === "model" && architecture !== "unknown",
  };
  return { info, fileInfo };
}

/** Plausibility limits for the counts in a GGUF header; real models have hundreds to a few thousand. */
const MAX_HEADER_COUNT = 1_000_000;

/**
 * Checks magic, version and counts before node-llama-cpp parses the header: its parser trusts the counts,
 * so a file that merely starts with "GGUF" could make it loop over billions of entries.
 */
async function checkHeader(file: string, size: number): Promise<void> {
  const header = Buffer.alloc(24);
  const handle = await open(file, "r");
  try {
    await handle.read(header, 0, 24, 0);
  } finally {
    await handle.close();
  }
  if (size < 4 || header.toString("latin1", 0, 4) !== "GGUF") throw new InvalidGgufFileError(file, "it does not start with the GGUF magic bytes");
  if (size < 24) throw new InvalidGgufFileError(file, `the file is truncated: ${size} bytes is shorter than a GGUF header`);
  const version = header.readUInt32LE(4);
  if (version < 2 || version > 3) throw new InvalidGgufFileError(file, `unsupported GGUF version ${version} (expected 2 or 3)`);
  const tensorCount = header.readBigUInt64LE(8);
  const keyCount = header.readBigUInt64LE(16);
  if (tensorCount > MAX_HEADER_COUNT || keyCount > MAX_HEADER_COUNT) throw new InvalidGgufFileError(file, `its header is malformed (${tensorCount} tensors, ${keyCount} metadata keys)`);
}

function describeReadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/magic/i.test(message)) return "it does not start with the GGUF magic bytes";
  if (/out of range|beyond|offset|RangeError|end of/i.test(message) || (error instanceof Error && error.name === "RangeError")) return `its header ends early or is malformed (${message})`;
  return message;
}

function checkTensorDataFits(file: string, size: number, fileInfo: GgufFileInfo): void {
  let end = 0;
  for (const tensor of fileInfo.tensorInfo ?? []) {
    const block = ggmlTypeBlockSizes[tensor.ggmlType];
    const elements = tensor.dimensions.reduce<number>((n, d) => n * Number(d), 1);
    const bytes = block ? Math.ceil(elements / block.elements) * block.bytes : 1;
    end = Math.max(end, Number(tensor.fileOffset) + bytes);
  }
  if (end > size) throw new InvalidGgufFileError(file, `the file is truncated: its tensors need ${end} bytes but it has ${size}`);
}

function quantizationName(fileType: unknown, tensorTypes: number[]): string | null {
  if (typeof fileType === "number" && GgufFileType[fileType]) return GgufFileType[fileType].replace(/^(MOSTLY|ALL)_/, "");
  // Older files carry no file_type: name the type most tensors use.
  const counts = new Map<number, number>();
  for (const type of tensorTypes) counts.set(type, (counts.get(type) ?? 0) + 1);
  const dominant = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return dominant ? (GgmlTypeNames[dominant[0]] ?? null) : null;
}

const GgmlTypeNames: Record<number, string> = { 0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 30: "BF16" };

function countLayers(names: string[]): number {
  const layers = new Set(names.map((name) => /^blk\.(\d+)\./.exec(name)?.[1]).filter((n) => n !== undefined));
  return layers.size;
}

function resolveWrapperName(fileInfo: GgufFileInfo, file: string): string | null {
  try {
    return resolveChatWrapper({ fileInfo, filename: path.basename(file), warningLogs: false })?.wrapperName ?? null;
  } catch {
    return null;
  }
}
