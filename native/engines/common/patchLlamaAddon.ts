import { createHash } from "node:crypto";

/**
 * The changes tracetune makes to node-llama-cpp's native addon (`llama/addon/AddonContext.{h,cpp}` of the
 * installed package, copied into the binding's build tree, never edited in node_modules):
 * - a context method `tracetuneCopySequence(source, target, endPos)` that gives `target` the KV cells of `source`
 *   with llama.cpp's `llama_memory_seq_cp`, in memory. node-llama-cpp 3.21 can share a prompt between sequences
 *   only through a state file (save once, load per sequence); ≥ 3.22 has the in-memory copy but cannot be
 *   installed here (see docs/engines.md);
 * - a context option `tracetuneKvUnified` (llama.cpp's `kv_unified`, what `llama-batched-bench -kvu` runs): one KV
 *   stream shared by all sequences, where a copy only tags the prompt's cells with one more sequence id and a
 *   decode step attends over one buffer instead of one stream per sequence; and `tracetuneIsKvUnified()` to read
 *   it back.
 * Pure text: each edit must find its anchor exactly once, or the patch fails with the anchor's name, so a
 * node-llama-cpp update that moves the code is caught at build time, not at run time.
 */

/** The JS name of the added method; its presence on a context's native object marks tracetune's binding. */
export const copySequenceMethod = "tracetuneCopySequence";
/** The added context option (a boolean in AddonContext's options object): llama.cpp's `kv_unified`. */
export const kvUnifiedOption = "tracetuneKvUnified";
/** The added method that reads `kv_unified` back from a live context. */
export const isKvUnifiedMethod = "tracetuneIsKvUnified";

const headerAnchor = "Napi::Value RemoveTokenCellsFromSequence(const Napi::CallbackInfo& info);";
const registrationAnchor = 'InstanceMethod("removeTokenCellsFromSequence", &AddonContext::RemoveTokenCellsFromSequence),';
/** The last option AddonContext's constructor reads; the unified-KV option is read just before it. */
const optionAnchor = 'if (options.Has("swaFullCache")) {';
const optionSource = `if (options.Has("${kvUnifiedOption}")) {
            context_params.kv_unified = options.Get("${kvUnifiedOption}").ToBoolean().Value();
        }

        `;

/**
 * Copies the cells of sequence `source` at positions < `endPos` (endPos < 0: all) into `target`, whose own cells
 * are removed first. With the unified KV cache (kv_unified) both sequences live in one stream: llama.cpp only adds
 * `target` to the cells' sequence ids (no data moves), so the copy is partial at once. With node-llama-cpp's
 * per-sequence streams (kv_unified off) llama.cpp copies the whole stream buffer, which is why the copy is full
 * (-1, -1) and the cut comes after: a partial cross-stream `seq_cp` aborts the process; the buffer copy itself runs
 * at the next decode. The cell metadata changes here, so callers must hold the context's lock (no decode in flight).
 */
const copySequenceSource = `
Napi::Value AddonContext::CopySequence(const Napi::CallbackInfo& info) {
    if (disposed) {
        Napi::Error::New(info.Env(), "Context is disposed").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsNumber()) {
        Napi::TypeError::New(info.Env(), "${copySequenceMethod}(source, target, endPos) takes three numbers").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    const int32_t sourceId = info[0].As<Napi::Number>().Int32Value();
    const int32_t targetId = info[1].As<Napi::Number>().Int32Value();
    const int32_t endPos = info[2].As<Napi::Number>().Int32Value();
    const int32_t maxSequences = (int32_t) llama_n_seq_max(ctx);
    if (sourceId < 0 || targetId < 0 || sourceId >= maxSequences || targetId >= maxSequences || sourceId == targetId) {
        Napi::RangeError::New(info.Env(), "${copySequenceMethod}: invalid sequence ids").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    llama_memory_t memory = llama_get_memory(ctx);
    if (memory == nullptr || !llama_memory_seq_rm(memory, targetId, -1, -1)) {
        return Napi::Boolean::New(info.Env(), false);
    }
    if (context_params.kv_unified) {
        llama_memory_seq_cp(memory, sourceId, targetId, -1, endPos);
        return Napi::Boolean::New(info.Env(), true);
    }
    llama_memory_seq_cp(memory, sourceId, targetId, -1, -1);
    if (endPos >= 0 && !llama_memory_seq_rm(memory, targetId, endPos, -1)) {
        llama_memory_seq_rm(memory, targetId, -1, -1);
        return Napi::Boolean::New(info.Env(), false);
    }
    return Napi::Boolean::New(info.Env(), true);
}

Napi::Value AddonContext::IsKvUnified(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), context_params.kv_unified);
}
`;

/**
 * A hash of the patch (anchors and added code): a binding built from another patch is rebuilt. Computed, not
 * bumped by hand, so no edit can forget it.
 */
export const addonPatchId = createHash("sha256").update([headerAnchor, registrationAnchor, optionAnchor, optionSource, copySequenceSource].join("\0")).digest("hex").slice(0, 16);

export class AddonPatchError extends Error {}

function replaceOnce(text: string, anchor: string, replacement: string, file: string): string {
  const first = text.indexOf(anchor);
  if (first < 0 || text.indexOf(anchor, first + 1) >= 0) throw new AddonPatchError(`${file}: expected exactly one "${anchor}"`);
  return text.slice(0, first) + replacement + text.slice(first + anchor.length);
}

/** The patched AddonContext.h and AddonContext.cpp. Throws AddonPatchError when an anchor is missing or repeated. */
export function patchLlamaAddon(sources: { header: string; source: string }): { header: string; source: string } {
  if (sources.source.includes(copySequenceMethod)) throw new AddonPatchError("AddonContext.cpp: already patched");
  const header = replaceOnce(sources.header, headerAnchor, `${headerAnchor}\n        Napi::Value CopySequence(const Napi::CallbackInfo& info);\n        Napi::Value IsKvUnified(const Napi::CallbackInfo& info);`, "AddonContext.h");
  let source = replaceOnce(sources.source, registrationAnchor, `${registrationAnchor}\n                InstanceMethod("${copySequenceMethod}", &AddonContext::CopySequence),\n                InstanceMethod("${isKvUnifiedMethod}", &AddonContext::IsKvUnified),`, "AddonContext.cpp");
  source = replaceOnce(source, optionAnchor, `${optionSource}${optionAnchor}`, "AddonContext.cpp");
  source = `${source.trimEnd()}\n\n// tracetune: in-memory prompt sharing and the unified KV cache (native/engines/common/patchLlamaAddon.ts)${copySequenceSource}`;
  return { header, source };
}
