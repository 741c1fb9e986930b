import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LlamaContextSequence, Token } from "node-llama-cpp";

type CopyableSequence = LlamaContextSequence & { _copyStateFromOtherSequence?: (other: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean> };

/**
 * Gives every target sequence the evaluated prompt of `source` (its first `prefix.length` tokens), so the
 * prompt is evaluated once for k samples. Three ways, fastest first:
 * 1. in-memory llama.cpp `seq_cp` through node-llama-cpp's internal `_copyStateFromOtherSequence`
 *    (node-llama-cpp ≥ 3.22; LlamaDecisionContext uses it);
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
