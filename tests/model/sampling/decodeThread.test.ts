// The binding's decode thread (on by default, TRACETUNE_LLAMA_DECODE_THREAD=off turns it off; patchLlamaAddon.ts):
// every llama_decode of the process on one native thread. Read once per process, so each setting runs in its own
// child process; the samples must be the same with and without it (2 threads, so OpenMP runs), the child must finish
// (no deadlock), and the barrier spin is measured only with it (without it libuv's several OpenMP pools throttle).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { ThreadChoice } from "../../../native/api/modelsApi.js";
import { decodeThreadName } from "../../../native/engines/common/patchLlamaAddon.js";
import { locateLlamaBinding } from "../../../native/sampling/loadBindingLlama.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

const bindingPath = await locateLlamaBinding();
const child = path.join(import.meta.dirname, "fixtures", "sampleInChild.ts");
const prompt = "def add(a, b):\n    return a + b\n\nprint(add(2, 3))\n";

async function sampleInChild(modelPath: string, decodeThread: "on" | "off"): Promise<{ binding: string; shared: string[]; greedy: string; promptShares: Record<string, number>; threadNames: string[] | null; threadChoice: ThreadChoice }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", child, modelPath, prompt], {
    env: { ...process.env, TRACETUNE_LLAMA_DECODE_THREAD: decodeThread }, timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("the decode thread", () => {
  it.skipIf(!bindingPath)("gives the same samples as decoding on libuv's threads", async () => {
    const modelPath = await ensureTestModel({ size: "tiny" });
    const on = await sampleInChild(modelPath, "on");
    const off = await sampleInChild(modelPath, "off");
    expect(on.binding).toBe("tracetune");
    expect(on.shared).toHaveLength(4);
    expect(on.shared).toEqual(off.shared);
    expect(on.greedy).toBe(off.greedy);
    expect(on.promptShares).toEqual({ copy: 3, stateFile: 0, evaluate: 0 });
    // threads: 2 set: with the decode thread the spin is measured (full and throttled); without it there is no choice.
    expect(on.threadChoice.measurements.map((m) => m.spin)).toEqual(["throttled", "full"]);
    expect(["full", "throttled"]).toContain(on.threadChoice.spin);
    expect(off.threadChoice).toEqual({ threads: 2, reason: "set", measurements: [] });
    if (on.threadNames && off.threadNames) {
      // The decode thread (and the OpenMP worker it starts, which inherits its name) exists only when asked for.
      expect(on.threadNames).toContain(decodeThreadName);
      expect(off.threadNames).not.toContain(decodeThreadName);
    }
  }, 300_000);
});
