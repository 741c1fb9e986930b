import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { acquireLock } from "lifecycle-utils";
import type { LlamaContext, LlamaContextSequence, Token } from "node-llama-cpp";
import { copySequenceMethod, isKvUnifiedMethod } from "../engines/common/patchLlamaAddon.js";

type CopyableSequence = LlamaContextSequence & { _copyStateFromOtherSequence?: (other: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean> };

/** The internals of a node-llama-cpp 3.21 sequence that its own `loadStateFromFile` resets (dist/evaluator/LlamaContext). */
interface SequenceInternals {
  _sequenceId: number;
  _lock: object;
  _contextTokens: Token[];
  _nextTokenIndex: number;
  _loadedTokenPredictions: unknown[];
  _tokenPredictorOwner: object;
  _abortTokenPredictor(skipClearingPredictionsFromState?: boolean): Promise<void>;
}
type NativeContext = Record<typeof copySequenceMethod, ((source: number, target: number, endPos: number) => boolean) | undefined>
  & Record<typeof isKvUnifiedMethod, (() => boolean) | undefined>;

/** node-llama-cpp's native context object behind a LlamaContext (its internal `_ctx`), where the patch's methods live. */
function nativeContext(context: LlamaContext): Partial<NativeContext> | undefined {
  return (context as unknown as { _ctx?: NativeContext })._ctx;
}

/** Whether this context runs on tracetune's own build of the binding (native/engines/node/buildLlamaBinding.ts). */
export function hasNativeSequenceCopy(context: LlamaContext): boolean {
  return typeof nativeContext(context)?.[copySequenceMethod] === "function";
}

/** Whether this context runs with llama.cpp's unified KV cache, read back from the native context (tracetune's binding). */
export function isKvUnified(context: LlamaContext): boolean {
  const native = nativeContext(context);
  return typeof native?.[isKvUnifiedMethod] === "function" && native[isKvUnifiedMethod]!() === true;
}

/**
 * The in-memory copy of tracetune's binding: llama.cpp's `seq_cp` of the source's cells into the target (with the
 * unified KV cache, only the first `length` positions, tagged rather than copied; with per-sequence streams, the
 * whole stream then cut at `length`: see patchLlamaAddon.ts), then the
 * target's token history set to the source's first `length` tokens, under the same two locks node-llama-cpp's
 * `loadStateFromFile` takes (the sequence's evaluation and the context's decode lock, so no batch is decoding
 * while the cells change). False where the binding lacks the method or llama.cpp refuses.
 */
async function copyInMemory(source: LlamaContextSequence, target: LlamaContextSequence, length: number): Promise<boolean> {
  const context = target.context;
  if (source.context !== context || !hasNativeSequenceCopy(context)) return false;
  const from = source as unknown as SequenceInternals;
  const to = target as unknown as SequenceInternals;
  if (from._contextTokens.length < length) return false;
  const evaluatorLock = await acquireLock([to._lock, "evaluate"]);
  const contextLock = await acquireLock([context, "context"]);
  try {
    to._tokenPredictorOwner = {};
    await to._abortTokenPredictor(true);
    to._loadedTokenPredictions.length = 0;
    const isCopied = nativeContext(context)![copySequenceMethod]!(from._sequenceId, to._sequenceId, length);
    to._contextTokens = isCopied ? from._contextTokens.slice(0, length) : [];
    to._nextTokenIndex = to._contextTokens.length;
    return isCopied;
  } finally {
    contextLock.dispose();
    evaluatorLock.dispose();
  }
}

/**
 * Gives every target sequence the evaluated prompt of `source` (its first `prefix.length` tokens), so the
 * prompt is evaluated once for k samples. Three ways, fastest first:
 * 1. in-memory llama.cpp `seq_cp`: through tracetune's build of the binding (the added native method, see
 *    copyInMemory), or node-llama-cpp's internal `_copyStateFromOtherSequence` (≥ 3.22);
 * 2. the public state-file API: save the source's KV cache once to a temp file and load it into each target
 *    (node-llama-cpp 3.21, pinned here, has no in-memory copy; the file is ~25 MB for a 1.5k-token prompt
 *    on the 100M bench model and stays in the page cache);
 * 3. evaluating the prompt on the target (if both others fail).
 * Returns how each target got its state, for benchmarks and tests.
 */
export async function copyPromptState(options: { source: LlamaContextSequence; targets: LlamaContextSequence[]; prefix: Token[] }): Promise<Array<"copy" | "stateFile" | "evaluate">> {
  const { source, targets, prefix } = options;
  const ways: Array<"copy" | "stateFile" | "evaluate"> = [];
  let stateFile: string | null = null;
  try {
    for (const target of targets) {
      if (await copyInMemory(source, target, prefix.length).catch(() => false)) {
        ways.push("copy");
        continue;
      }
      const copy = (target as CopyableSequence)._copyStateFromOtherSequence;
      if (typeof copy === "function" && (await copy.call(target, source, prefix.length).catch(() => false))) {
        ways.push("copy");
        continue;
      }
      try {
        if (stateFile === null) {
          stateFile = path.join(os.tmpdir(), `tracetune-prompt-${randomUUID()}.state`);
          await source.saveStateToFile(stateFile);
        }
        await target.clearHistory();
        // Safe: the file was just written from a sequence of this same context and model.
        await target.loadStateFromFile(stateFile, { acceptRisk: true });
        if (target.nextTokenIndex === prefix.length) {
          ways.push("stateFile");
          continue;
        }
      } catch {
        // Fall through to evaluating the prompt.
      }
      await target.clearHistory();
      await target.evaluateWithoutGeneratingNewTokens(prefix);
      ways.push("evaluate");
    }
  } finally {
    if (stateFile !== null) await rm(stateFile, { force: true });
  }
  return ways;
}
