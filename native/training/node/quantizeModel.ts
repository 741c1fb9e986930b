import { spawn } from "node:child_process";
import { rename, rm } from "node:fs/promises";
import { CancelledError } from "../../common/TracetuneError.js";
import { TrainingFailedError } from "../trainingErrors.js";

/**
 * Quantises an F32 GGUF with llama.cpp's `llama-quantize` (same build as llama-finetune) into `out`, written
 * under a temporary name and renamed, so a cancelled run leaves no half file. Metadata (the patched context
 * length, the chat template) is copied by the tool.
 */
export async function quantizeModel(options: { binary: string; input: string; out: string; type: string; threads: number; signal?: AbortSignal }): Promise<void> {
  const { binary, input, out, type, threads, signal } = options;
  const partial = `${out}.partial`;
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const child = spawn(binary, [input, partial, type, String(threads)], { stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    const keep = (chunk: Buffer) => {
      tail.push(...chunk.toString("utf8").split(/\r?\n/).filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 20));
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const onAbort = () => child.kill("SIGTERM");
    signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => reject(new TrainingFailedError(`Cannot run ${binary}: ${error.message}`, { binary })));
    child.on("close", (code) => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) return reject(new CancelledError());
      if (code === 0) return resolve();
      reject(new TrainingFailedError(`llama-quantize exited with ${code} quantising ${input} to ${type}; its last lines:\n${tail.slice(-8).join("\n")}`, { binary, input, type, logTail: tail }));
    });
  }).catch(async (error) => {
    await rm(partial, { force: true });
    throw error;
  });
  await rename(partial, out);
}
