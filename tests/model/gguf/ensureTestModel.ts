import { createHash } from "node:crypto";
import { mkdir, rename, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateLlamaGguf, type LlamaSpec } from "./generateLlamaGguf.js";
import { generateLoraGguf } from "./generateLoraGguf.js";

/** Bumped when the generator's output changes, so cached files are regenerated. */
const GENERATOR_VERSION = 2;

export const testModelSpecs = {
  /** 64-dim, 2 layers, F32: loads in well under a second; for correctness tests. */
  tiny: { name: "tracetune-tiny", embedding: 64, layers: 2, heads: 4, kvHeads: 2, feedForward: 128, contextLength: 2048, weightType: "F32", seed: 1, hasChatTemplate: true },
  /**
   * 128-dim, 2 layers, F32, 4k context: the loop benchmark's model, trained by llama-finetune each round (issue
   * 15). Small output weights make it start near-uniform over the next token, as a freshly initialised model does.
   */
  loop: { name: "tracetune-loop", embedding: 128, layers: 2, heads: 4, kvHeads: 2, feedForward: 384, contextLength: 4096, weightType: "F32", seed: 3, hasChatTemplate: true, outputScale: 0.3 },
  /** ~101M parameters, Q4_0 (~57 MB): the benchmark model. */
  bench: { name: "tracetune-bench", embedding: 768, layers: 16, heads: 12, kvHeads: 4, feedForward: 2048, contextLength: 4096, weightType: "Q4_0", seed: 2, hasChatTemplate: true },
  /** The bench model with a Llama-2-sized vocabulary (32k tokens): sampling over a real vocabulary. */
  bench32k: { name: "tracetune-bench-32k", embedding: 768, layers: 16, heads: 12, kvHeads: 4, feedForward: 2048, contextLength: 4096, weightType: "Q4_0", seed: 2, hasChatTemplate: true, vocabSize: 32000 },
  /** The bench model with a Qwen-sized vocabulary (151,936 tokens). */
  bench152k: { name: "tracetune-bench-152k", embedding: 768, layers: 16, heads: 12, kvHeads: 4, feedForward: 2048, contextLength: 4096, weightType: "Q4_0", seed: 2, hasChatTemplate: true, vocabSize: 151936 },
} as const satisfies Record<string, LlamaSpec>;

export type TestModelSize = keyof typeof testModelSpecs;

/** Where generated files live: `.tmp/gguf` in the repo (git-ignored), or $TRACETUNE_TEST_MODEL_DIR. */
export function testModelDir(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  return process.env.TRACETUNE_TEST_MODEL_DIR ?? path.join(repoRoot, ".tmp", "gguf");
}

async function ensureFile(kind: string, content: unknown, generate: (file: string) => Promise<void>): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify({ GENERATOR_VERSION, kind, content })).digest("hex").slice(0, 12);
  const dir = testModelDir();
  const file = path.join(dir, `${kind}-${hash}.gguf`);
  const isThere = await stat(file).then((s) => s.size > 0, () => false);
  if (isThere) return file;
  await mkdir(dir, { recursive: true });
  // Write under a unique name and rename, so parallel test files never read a half-written model.
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  await generate(partial);
  await rename(partial, file);
  return file;
}

/**
 * The path of a generated test model of `size` ("tiny" default), generating it on first use. Files are
 * named by a hash of their spec, so a suite generates each once and a changed spec gets a fresh file.
 */
export async function ensureTestModel(options: { size?: TestModelSize } = {}): Promise<string> {
  const spec = testModelSpecs[options.size ?? "tiny"];
  return ensureFile(spec.name, spec, (file) => generateLlamaGguf({ file, spec }));
}

/**
 * A LoRA adapter GGUF for the test model of `size`. `variant` changes the adapter's weights and its file
 * name (node-llama-cpp caches adapters by path, so each round's adapter needs its own name).
 */
export async function ensureTestAdapter(options: { size?: TestModelSize; variant?: number } = {}): Promise<string> {
  const spec = testModelSpecs[options.size ?? "tiny"];
  const variant = options.variant ?? 0;
  return ensureFile(`${spec.name}-lora${variant}`, { spec, variant }, (file) => generateLoraGguf({ file, spec, seed: 100 + variant }));
}
