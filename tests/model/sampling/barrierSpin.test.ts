// tracetuneSetBarrierSpin (patchLlamaAddon.ts, barrierSpinSource): libgomp's barrier spin switched at run time by a
// "ballast" thread whose idle OpenMP pool puts more OpenMP threads than cores in the process. What it changes is
// measurable from /proc: in "throttled" mode the decode's OpenMP threads sleep at the graph's barriers (a voluntary
// context switch each), in "full" mode they spin through them. The text must not change with the mode.
import { readdirSync, readFileSync } from "node:fs";
import type { Token } from "node-llama-cpp";
import { afterAll, describe, expect, it } from "vitest";
import { barrierSpinThreadName, decodeThreadName } from "../../../native/engines/common/patchLlamaAddon.js";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { loadBindingLlama, locateLlamaBinding, setBarrierSpin } from "../../../native/sampling/loadBindingLlama.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

const bindingPath = await locateLlamaBinding();
const canRun = bindingPath !== null && process.platform === "linux" && process.env.TRACETUNE_LLAMA_DECODE_THREAD !== "off";
const TOKENS = 24;

afterAll(async () => {
  await disposeLlamas();
});

/** Per thread of this process: its name and voluntary context switches so far. */
function threadStats(): Array<{ name: string; voluntary: number }> {
  return readdirSync("/proc/self/task").flatMap((task) => {
    try {
      const status = readFileSync(`/proc/self/task/${task}/status`, "utf8");
      return [{ name: /^Name:\s*(.*)$/m.exec(status)![1], voluntary: Number(/^voluntary_ctxt_switches:\s*(\d+)$/m.exec(status)![1]) }];
    } catch {
      return []; // a thread that ended while listed
    }
  });
}

/** The decode thread's and its OpenMP worker's (which inherits the name) voluntary switches. */
const decodeSwitches = () => threadStats().filter((t) => t.name === decodeThreadName).reduce((sum, t) => sum + t.voluntary, 0);

describe("the barrier spin of tracetune's binding", () => {
  it.skipIf(!canRun)("is switched at run time: throttled sleeps at the barriers, full spins through them, the text is the same", async () => {
    const llama = await loadBindingLlama(bindingPath!);
    const model = await llama.loadModel({ modelPath: await ensureTestModel({ size: "tiny" }) });
    const prompt = model.tokenize("def add(a, b):\n    return a + b\n\nprint(add(2, 3))\n", false) as Token[];
    async function greedy(threads: number): Promise<{ text: string; switchesPerToken: number }> {
      const context = await model.createContext({ contextSize: 256, sequences: 1, threads });
      try {
        const sequence = context.getSequence();
        await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
        const tokens: Token[] = [];
        const before = decodeSwitches();
        for await (const token of sequence.evaluate(prompt.slice(-1), { temperature: 0 })) {
          tokens.push(token);
          if (tokens.length >= TOKENS) break;
        }
        return { text: model.detokenize(tokens), switchesPerToken: (decodeSwitches() - before) / TOKENS };
      } finally {
        await context.dispose();
      }
    }
    const runs: Array<{ spin: "full" | "throttled"; text: string; switchesPerToken: number }> = [];
    for (const spin of ["full", "throttled", "full", "throttled"] as const) {
      expect(setBarrierSpin(llama, spin)).toBe(spin);
      // The ballast (and its pool's workers, named after it) exists exactly while the spin is throttled.
      expect(threadStats().some((t) => t.name === barrierSpinThreadName)).toBe(spin === "throttled");
      runs.push({ spin, ...(await greedy(2)) });
    }
    const oneThread = await greedy(1);
    expect(new Set([...runs.map((r) => r.text), oneThread.text]).size).toBe(1);
    expect(oneThread.text.length).toBeGreaterThan(0);
    const full = runs.filter((r) => r.spin === "full").map((r) => r.switchesPerToken);
    const throttled = runs.filter((r) => r.spin === "throttled").map((r) => r.switchesPerToken);
    // Measured on the tiny model: about 1-6 per token full, 40-60 throttled (one per barrier slept at); with the
    // ballast doing nothing, 0.8 throttled. Full spin sleeps too when the partner thread is preempted for longer than
    // its spin, so on busy cores the margin shrinks: 2x, not 10x.
    expect(Math.min(...throttled)).toBeGreaterThan(10);
    expect(Math.min(...throttled)).toBeGreaterThan(2 * Math.max(...full));
    await model.dispose();
  }, 120_000);

  it.skipIf(!bindingPath)("refuses a mode it does not know", async () => {
    const llama = await loadBindingLlama(bindingPath!);
    expect(() => setBarrierSpin(llama, "fast" as "full")).toThrow(/'full' or 'throttled'/);
  });
});
