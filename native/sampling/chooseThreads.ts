import type { LlamaModel, Token } from "node-llama-cpp";
import type { BarrierSpin, ThreadChoice } from "../api/modelsApi.js";

/** Decode steps timed per candidate: enough to see a preempted spin-waiting thread, short enough to stay under a second idle. */
const TIMED_STEPS = 12;
/**
 * Each candidate is timed this many times, the candidates interleaved, and its mean kept: full and throttled spin
 * differ by ~30 % on free cores, and a load that comes or goes during the measurement then weighs on both alike.
 */
const PASSES = 2;
/** A candidate is abandoned once it is this many times slower than the best one so far. */
const GIVE_UP_FACTOR = 3;

/**
 * The evaluation thread count, and with it how the threads wait at the graph's barriers, chosen by measurement
 * rather than by core count (issue 14): each candidate decodes a few tokens in a small context of its own, and the
 * fastest per token wins. Why: ggml's threads wait for each other at every step, so on a machine whose cores are
 * busy with other work a second thread that gets preempted stalls every step (measured here under load 19 on 2
 * cores: 200 tokens took 1.6 s with 1 thread and 214 s with 2), while on an idle machine more threads are faster.
 * Where `setSpin` can set the barrier spin (tracetune's binding with its decode thread), each count above 1 is tried
 * twice: "throttled" (libgomp sleeps at once; what held up on busy cores) and "full" (llama.cpp's tools' spin: the
 * fastest on free cores, 5-10x slower per token when another process takes a core). Candidates are tried fewest
 * threads first, throttled before full, in PASSES interleaved passes; a slow one is abandoned early (null), so the
 * measurement costs little even when it is bad. `reason` is the caller's ("set" when the user fixed the count and only the spin is measured).
 */
export async function chooseThreads(options: {
  model: LlamaModel; candidates: number[]; signal?: AbortSignal; reason?: "measured" | "set";
  /** Sets the process's barrier spin; returns null where it cannot (the candidates are then thread counts alone). */
  setSpin?: (spin: BarrierSpin) => BarrierSpin | null;
}): Promise<ThreadChoice> {
  const { model, signal, setSpin, reason = "measured" } = options;
  const counts = [...new Set(options.candidates)].filter((n) => Number.isInteger(n) && n >= 1).sort((a, b) => a - b);
  const canSetSpin = counts.some((n) => n > 1) && setSpin?.("full") === "full";
  const candidates: Array<{ threads: number; spin?: BarrierSpin }> = counts.flatMap((threads) => threads > 1 && canSetSpin ? [{ threads, spin: "throttled" as const }, { threads, spin: "full" as const }] : [{ threads }]);
  if (candidates.length <= 1) return { threads: counts[0] ?? 1, reason: reason === "set" ? "set" : "only_choice", measurements: [] };
  const prompt = model.tokenize("def add(a, b):\n    return a + b\n".repeat(4), false).slice(0, 32) as Token[];
  const timed = candidates.map(() => ({ totalMs: 0, passes: 0, isAbandoned: false }));
  let best = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    for (const [i, candidate] of candidates.entries()) {
      if (signal?.aborted || timed[i].isAbandoned) continue;
      if (candidate.spin) setSpin!(candidate.spin);
      const msPerToken = await timeDecode({ model, threads: candidate.threads, prompt, giveUpAfterMs: best * TIMED_STEPS * GIVE_UP_FACTOR });
      if (!Number.isFinite(msPerToken)) {
        timed[i].isAbandoned = true;
        continue;
      }
      timed[i].totalMs += msPerToken;
      timed[i].passes += 1;
      best = Math.min(best, timed[i].totalMs / timed[i].passes);
    }
  }
  const measurements: ThreadChoice["measurements"] = candidates.map((candidate, i) => ({ ...candidate, msPerToken: timed[i].isAbandoned || timed[i].passes === 0 ? null : timed[i].totalMs / timed[i].passes }));
  const speed = (m: { msPerToken: number | null }) => m.msPerToken ?? Infinity;
  const fastest = measurements.reduce((a, b) => (speed(b) < speed(a) ? b : a));
  // A single thread has no barriers to wait at; it keeps the throttled spin so a stray pool never spins.
  const spin: BarrierSpin | undefined = canSetSpin ? fastest.spin ?? "throttled" : undefined;
  if (spin) setSpin!(spin);
  return { threads: fastest.threads, reason, ...(spin ? { spin } : {}), measurements };
}

/** Milliseconds per decoded token with `threads`, greedy, after the prompt; Infinity when it ran past `giveUpAfterMs`. */
async function timeDecode(options: { model: LlamaModel; threads: number; prompt: Token[]; giveUpAfterMs: number }): Promise<number> {
  const { model, threads, prompt, giveUpAfterMs } = options;
  const context = await model.createContext({ contextSize: 256, sequences: 1, threads });
  try {
    const sequence = context.getSequence();
    await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
    let steps = 0;
    let started = 0;
    for await (const _token of sequence.evaluate(prompt.slice(-1), { temperature: 0 })) {
      // The first step also evaluates the prompt's last token; time the steps after it.
      if (steps === 0) started = performance.now();
      steps += 1;
      const elapsed = performance.now() - started;
      if (steps > TIMED_STEPS) return elapsed / TIMED_STEPS;
      if (elapsed > giveUpAfterMs) return Infinity;
    }
    return steps > 1 ? (performance.now() - started) / (steps - 1) : Infinity;
  } finally {
    await context.dispose();
  }
}
