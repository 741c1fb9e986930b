import { readFile, stat } from "node:fs/promises";
import { GgufInsights, readGgufFileInfo } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { ensureTestAdapter, ensureTestModel, testModelSpecs } from "./ensureTestModel.js";

describe("generated test GGUF files", () => {
  it("writes a llama GGUF that node-llama-cpp reads back with the spec's shape", async () => {
    const file = await ensureTestModel({ size: "tiny" });
    const info = await readGgufFileInfo(file, { logWarnings: false });
    const spec = testModelSpecs.tiny;
    const meta = info.metadata as unknown as { general: { architecture: string }; llama: Record<string, unknown>; tokenizer: { ggml: { tokens: string[]; model: string } } };
    expect(meta.general.architecture).toBe("llama");
    expect(meta.llama.embedding_length).toBe(spec.embedding);
    expect(meta.llama.block_count).toBe(spec.layers);
    expect(meta.llama.context_length).toBe(spec.contextLength);
    expect(meta.tokenizer.ggml.model).toBe("gpt2");
    expect(meta.tokenizer.ggml.tokens.length).toBeGreaterThanOrEqual(256 + 3);
    expect(info.tensorInfo?.length).toBe(2 + 9 * spec.layers + 1);
    const insights = await GgufInsights.from(info);
    expect(insights.totalLayers).toBe(spec.layers + 1);
  });

  it("caches by content: a second call returns the same file without rewriting it", async () => {
    const first = await ensureTestModel({ size: "tiny" });
    const before = (await stat(first)).mtimeMs;
    const second = await ensureTestModel({ size: "tiny" });
    expect(second).toBe(first);
    expect((await stat(second)).mtimeMs).toBe(before);
  });

  it("writes LoRA adapters with distinct names and weights per variant", async () => {
    const a = await ensureTestAdapter({ variant: 0 });
    const b = await ensureTestAdapter({ variant: 1 });
    expect(a).not.toBe(b);
    expect(Buffer.compare(await readFile(a), await readFile(b))).not.toBe(0);
    const info = await readGgufFileInfo(a, { logWarnings: false });
    const meta = info.metadata as unknown as { general: { type: string }; adapter: { type: string } };
    expect(meta.general.type).toBe("adapter");
    expect(meta.adapter.type).toBe("lora");
    expect(info.tensorInfo?.some((t) => t.name === "blk.0.attn_q.weight.lora_a")).toBe(true);
  });
});
