import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RoundCalibration, RoundSettings } from "../../api/roundsApi.js";
import type { TaskView } from "../../api/taskTypes.js";
import type { SandboxRuntime } from "../../python/SharedPythonRuntime.js";
import { runRepair } from "../../repair/runRepair.js";
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
    return Array.isArray(parsed.calibrations) ? parsed.calibrations : [];
  } catch {
    return []; // none yet, or unreadable: calibrate again (it is a cache)
  }
}

/**
 * The planner's rates for this model and machine: reused when a calibration of the same configuration is under
 * 24 h old, else measured by one real repair call (prompt with the trace, k = the round's batch, 32 tokens,
 * parse, verify in the sandbox) on the first task, within 30 s; the result is cached in the data dir.
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
  let promptMs = 0;
  let decodeMs = 0;
  let verifyMs = 0;
  let tokens = 0;
  let count = 0;
  try {
    for await (const sample of runRepair({
      task, backend: opened.backend, model: opened.identity, tokenizer: opened.tokenizer, contextSize: opened.contextSize, runtime, traceSettings,
      traceFormat: settings.traceFormat, fewShot: settings.fewShot, k: batch, seed: settings.seed, temperature: settings.temperature,
      maxTokens: Math.min(CALIBRATION_TOKENS, settings.maxTokens), ...(settings.grammar ? { grammar: settings.grammar } : {}), signal,
    })) {
      promptMs += sample.timing.promptMs;
      decodeMs += sample.timing.decodeMs;
      verifyMs += sample.timing.verifyMs + sample.timing.parseMs + sample.timing.checkMs;
      tokens += sample.tokens.completion ?? 0;
      count += 1;
    }
  } catch (error) {
    options.signal.throwIfAborted();
    if (count === 0) throw error;
  }
  options.signal.throwIfAborted();
  const calibration: RoundCalibration = {
    key,
    tokensPerSecond: decodeMs > 0 ? tokens / (decodeMs / 1000) : 0,
    // A completion that stopped at the calibration's budget would have gone on: count it at the round's budget.
    tokensPerSample: count > 0 ? (tokens / count >= Math.min(CALIBRATION_TOKENS, settings.maxTokens) - 1 ? settings.maxTokens : tokens / count) : settings.maxTokens,
    verificationsPerSecond: verifyMs > 0 ? count / (verifyMs / 1000) : 0,
    promptMsPerTask: promptMs,
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
