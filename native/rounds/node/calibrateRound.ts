import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RoundCalibration, RoundSettings } from "../../api/roundsApi.js";
import type { TaskView } from "../../api/taskTypes.js";
import { TracetuneError } from "../../common/TracetuneError.js";
import type { SandboxRuntime } from "../../python/SharedPythonRuntime.js";
import { runRepair } from "../../repair/runRepair.js";
import type { SamplingBackend } from "../../sampling/SamplingBackend.js";
import type { TraceRenderSettings } from "../../trace/common/types.js";
import type { OpenedRoundModel } from "./roundDeps.js";

/** A calibration is reused for the same configuration while it is younger than this. */
export const CALIBRATION_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** The calibration never takes longer than this (issue 13: at most 30 s). */
export const CALIBRATION_LIMIT_MS = 30_000;
/** Tokens per calibration completion: enough for a steady decode rate, little enough to fit the limit. */
const CALIBRATION_TOKENS = 32;

/** What a calibration measures on: the model (file and adapter hashes, or engine and model), threads, batch, grammar. */
export function calibrationKey(opened: OpenedRoundModel, settings: Pick<RoundSettings, "k" | "grammar" | "traceFormat" | "fewShot">): string {
  const { identity } = opened;
  const model = identity.kind === "local" ? { file: identity.sha256, adapters: identity.loraAdapters.map((adapter) => adapter.sha256) } : identity.kind === "engine" ? { url: identity.url, model: identity.model } : null;
  const config = { model, threads: opened.threads, batch: Math.min(opened.parallelSequences, settings.k), grammar: settings.grammar, traceFormat: settings.traceFormat, fewShot: settings.fewShot };
  return createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 16);
}

const calibrationsFile = (dataDir: string) => path.join(dataDir, "rounds", "calibrations.json");

async function readCalibrations(dataDir: string): Promise<RoundCalibration[]> {
  try {
    const parsed = JSON.parse(await readFile(calibrationsFile(dataDir), "utf8")) as { calibrations?: RoundCalibration[] };
    // One from before the rates were timed apart (no step costs) is measured again.
    return Array.isArray(parsed.calibrations) ? parsed.calibrations.filter((entry) => Array.isArray(entry.stepMs)) : [];
  } catch {
    return []; // none yet, or unreadable: calibrate again (it is a cache)
  }
}

/** One backend call, timed from outside: when its first token came, and its decode steps after that. */
interface TimedCall {
  firstTokenMs: number | null;
  /** ms from the first token to the last step, and how many steps that was (the longest completion's tokens − 1). */
  stepsMs: number;
  steps: number;
  tokens: number;
}

/**
 * The backend, with each sample call timed: the time to its first token is the model's prompt evaluation (and the
 * copies of it to the call's other sequences); the steps after it are decoding. Counts tokens where the backend
 * reports them (the local one does), else text pieces and the completions' final token counts.
 */
function timedBackend(backend: SamplingBackend, calls: TimedCall[]): SamplingBackend {
  return {
    id: backend.id,
    ...(backend.tokenize ? { tokenize: backend.tokenize.bind(backend) } : {}),
    dispose: () => backend.dispose(),
    async sample(request, options = {}) {
      const started = performance.now();
      let firstAt: number | null = null;
      let lastAt = started;
      const first = () => {
        const now = performance.now();
        firstAt ??= now;
        lastAt = now;
      };
      const result = await backend.sample(request, {
        ...options,
        onTokenCount: (index, tokens) => (first(), options.onTokenCount?.(index, tokens)),
        onTokens: (index, text) => (first(), options.onTokens?.(index, text)),
      });
      const longest = Math.max(0, ...result.completions.map((completion) => completion.tokens));
      calls.push({ firstTokenMs: firstAt === null ? null : firstAt - started, stepsMs: firstAt === null ? 0 : lastAt - firstAt, steps: Math.max(0, longest - 1), tokens: result.completions.reduce((sum, completion) => sum + completion.tokens, 0) });
      return result;
    },
  };
}

/**
 * The planner's rates for this model and machine: reused when a calibration of the same configuration is under
 * 24 h old, else measured within 30 s by one real repair call on the first task (prompt with the trace, k = the
 * round's wave width, 32 tokens, parse, verify in the sandbox), timed apart: prompt building, the model's prompt
 * evaluation (to the first token), decode steps at that width, verification. One call only: a second width (a
 * hard-set estimate of hardN 1 beside candidates of k 4) would cost a second prompt evaluation, about half the
 * calibration; its step cost is extrapolated (estimateRoundTime's stepMsAt) and the round's own calls correct it.
 * The result is cached in the data dir.
 */
export async function calibrateRound(options: {
  dataDir: string;
  opened: OpenedRoundModel;
  runtime: SandboxRuntime;
  traceSettings: TraceRenderSettings;
  settings: RoundSettings;
  task: TaskView;
  signal: AbortSignal;
  now?: () => number;
}): Promise<RoundCalibration> {
  const { dataDir, opened, runtime, traceSettings, settings, task, now = Date.now } = options;
  const key = calibrationKey(opened, settings);
  const cached = await readCalibrations(dataDir);
  const fresh = cached.find((entry) => entry.key === key && now() - Date.parse(entry.measuredAt) < CALIBRATION_MAX_AGE_MS);
  if (fresh) return { ...fresh, isReused: true };

  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(CALIBRATION_LIMIT_MS)]);
  const batch = Math.min(opened.parallelSequences, settings.k);
  const maxTokens = Math.min(CALIBRATION_TOKENS, settings.maxTokens);
  const calls: TimedCall[] = [];
  const backend = timedBackend(opened.backend, calls);
  let promptMs = 0;
  let verifyMs = 0;
  let count = 0;
  try {
    for await (const sample of runRepair({
      task, backend, model: opened.identity, tokenizer: opened.tokenizer, contextSize: opened.contextSize, runtime, traceSettings,
      traceFormat: settings.traceFormat, fewShot: settings.fewShot, k: batch, seed: settings.seed, temperature: settings.temperature,
      maxTokens, ...(settings.grammar ? { grammar: settings.grammar } : {}), signal,
    })) {
      promptMs += sample.timing.promptMs;
      verifyMs += sample.timing.verifyMs + sample.timing.parseMs + sample.timing.checkMs;
      count += 1;
    }
  } catch (error) {
    options.signal.throwIfAborted();
    if (count === 0) throw error;
  }
  options.signal.throwIfAborted();
  const main = calls[0];
  if (!main || main.firstTokenMs === null) throw new TracetuneError("calibration_failed", "The planner's calibration call decoded no token.");
  const stepMs = main.steps > 0 ? [{ width: batch, ms: main.stepsMs / main.steps }] : [];
  const meanTokens = count > 0 ? main.tokens / count : 0;
  const calibration: RoundCalibration = {
    key,
    tokensPerSecond: main.stepsMs > 0 ? (main.steps * Math.min(batch, count)) / (main.stepsMs / 1000) : 0,
    // A completion that stopped at the calibration's budget would have gone on: count it at the round's budget.
    tokensPerSample: count > 0 ? (meanTokens >= maxTokens - 1 ? settings.maxTokens : meanTokens) : settings.maxTokens,
    verificationsPerSecond: verifyMs > 0 ? count / (verifyMs / 1000) : 0,
    promptMsPerTask: promptMs,
    promptEvalMs: main.firstTokenMs,
    parallelSequences: opened.parallelSequences,
    stepMs,
    measuredAt: new Date(now()).toISOString(),
    isReused: false,
  };
  const file = calibrationsFile(dataDir);
  await mkdir(path.dirname(file), { recursive: true });
  const kept = cached.filter((entry) => entry.key !== key && now() - Date.parse(entry.measuredAt) < CALIBRATION_MAX_AGE_MS);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ calibrations: [...kept, calibration] }, null, 2) + "\n");
  await rename(temp, file);
  return calibration;
}
