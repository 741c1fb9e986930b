import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AddonPatchError, copySequenceMethod, decodeThreadEnv, isKvUnifiedMethod, kvUnifiedOption, patchLlamaAddon, setBarrierSpinMethod } from "../../../../native/engines/common/patchLlamaAddon.js";
import { readBundledLlamaRelease } from "../../../../native/engines/node/readBundledLlamaRelease.js";

// The installed node-llama-cpp's own addon sources: the patch must fit exactly these.
const addonDir = path.join(readBundledLlamaRelease().llamaDir, "addon");
const installed = { header: readFileSync(path.join(addonDir, "AddonContext.h"), "utf8"), source: readFileSync(path.join(addonDir, "AddonContext.cpp"), "utf8") };
const count = (text: string, part: string) => text.split(part).length - 1;
// The unified-KV option, read by AddonContext's constructor right before its last option.
const optionBlock = `if (options.Has("${kvUnifiedOption}")) {\n            context_params.kv_unified = options.Get("${kvUnifiedOption}").ToBoolean().Value();\n        }\n\n        `;

describe("patchLlamaAddon", () => {
  it("adds two declared, registered and defined methods, a static one, one constructor option and the decode thread to the installed AddonContext, changing nothing else", () => {
    const patched = patchLlamaAddon(installed);
    expect(count(patched.header, "Napi::Value CopySequence(const Napi::CallbackInfo& info);")).toBe(1);
    expect(count(patched.header, "Napi::Value IsKvUnified(const Napi::CallbackInfo& info);")).toBe(1);
    expect(count(patched.source, `InstanceMethod("${copySequenceMethod}", &AddonContext::CopySequence),`)).toBe(1);
    expect(count(patched.source, `InstanceMethod("${isKvUnifiedMethod}", &AddonContext::IsKvUnified),`)).toBe(1);
    expect(count(patched.source, "Napi::Value AddonContext::CopySequence(const Napi::CallbackInfo& info) {")).toBe(1);
    expect(count(patched.source, "Napi::Value AddonContext::IsKvUnified(const Napi::CallbackInfo& info) {")).toBe(1);
    // The barrier spin is process-wide: a static method of the class, not of a context.
    expect(count(patched.header, "static Napi::Value SetBarrierSpin(const Napi::CallbackInfo& info);")).toBe(1);
    expect(count(patched.source, `StaticMethod("${setBarrierSpinMethod}", &AddonContext::SetBarrierSpin),`)).toBe(1);
    expect(count(patched.source, "Napi::Value AddonContext::SetBarrierSpin(const Napi::CallbackInfo& info) {")).toBe(1);
    // The option is read inside the constructor's options block, before the context is created from context_params.
    expect(count(patched.source, `${optionBlock}if (options.Has("swaFullCache")) {`)).toBe(1);
    const constructor = patched.source.slice(patched.source.indexOf("AddonContext::AddonContext("), patched.source.indexOf("AddonContext::~AddonContext()"));
    expect(constructor).toContain(optionBlock);
    // Unified: a partial seq_cp within the one stream. Streams: full copy then cut (a partial cross-stream seq_cp aborts llama.cpp).
    expect(patched.source).toMatch(/if \(context_params\.kv_unified\) \{\s*llama_memory_seq_cp\(memory, sourceId, targetId, -1, endPos\);/);
    expect(patched.source).toContain("llama_memory_seq_cp(memory, sourceId, targetId, -1, -1);");
    expect(patched.source).toContain("llama_memory_seq_rm(memory, targetId, endPos, -1)");
    // Every llama_decode goes through the one decode thread (off with the env variable), defined before the decode worker.
    expect(count(patched.source, "llama_decode(ctx->ctx, ctx->batch)")).toBe(0);
    expect(count(patched.source, "int r = tracetuneDecode(ctx->ctx, ctx->batch);")).toBe(1);
    const decodeThread = patched.source.slice(patched.source.indexOf("// tracetune: every llama_decode on one thread"), patched.source.indexOf("class AddonContextDecodeBatchWorker"));
    expect(decodeThread).toContain("static int tracetuneDecode(llama_context* context, llama_batch& batch) {");
    expect(decodeThread).toContain(`std::getenv("${decodeThreadEnv}")`);
    expect(decodeThread).toContain("std::rethrow_exception(error);");
    // The ballast behind the throttled spin: one parallel region of cores + 1 threads, through a weak libgomp symbol.
    expect(decodeThread).toContain("GOMP_parallel(&BarrierSpin::noop, nullptr, (unsigned) omp_get_num_procs() + 1, 0);");
    expect(decodeThread).toContain("void GOMP_parallel(void (*fn)(void*), void* data, unsigned num_threads, unsigned flags) __attribute__((weak));");
    const removeAdded = (text: string) => text.split("\n").filter((line) => !line.includes("CopySequence") && !line.includes("IsKvUnified") && !line.includes("SetBarrierSpin")).join("\n");
    expect(removeAdded(patched.header)).toBe(removeAdded(installed.header));
    const beforeAppended = patched.source.slice(0, patched.source.indexOf("\n\n// tracetune: in-memory prompt sharing"));
    const original = beforeAppended.replace(optionBlock, "").replace(decodeThread, "").replace("int r = tracetuneDecode(ctx->ctx, ctx->batch);", "int r = llama_decode(ctx->ctx, ctx->batch);");
    expect(removeAdded(original)).toBe(installed.source.trimEnd());
  });

  it("fails naming the anchor when node-llama-cpp's sources moved, and refuses to patch twice", () => {
    expect(() => patchLlamaAddon({ ...installed, header: installed.header.replace("RemoveTokenCellsFromSequence", "RemoveCells") })).toThrow(/AddonContext\.h: expected exactly one "Napi::Value RemoveTokenCellsFromSequence/);
    expect(() => patchLlamaAddon({ ...installed, source: installed.source.replace('InstanceMethod("removeTokenCellsFromSequence"', 'InstanceMethod("removeCells"') })).toThrow(AddonPatchError);
    expect(() => patchLlamaAddon({ ...installed, source: installed.source.replace("llama_decode(ctx->ctx, ctx->batch)", "llama_decode(ctx->ctx, batch)") })).toThrow(/expected exactly one "int r = llama_decode/);
    expect(() => patchLlamaAddon({ ...installed, source: installed.source.replace('options.Has("swaFullCache")', 'options.Has("swaFull")') })).toThrow(/AddonContext\.cpp: expected exactly one "if \(options\.Has\("swaFullCache"\)\) \{"/);
    expect(() => patchLlamaAddon(patchLlamaAddon(installed))).toThrow(/already patched/);
  });
});
