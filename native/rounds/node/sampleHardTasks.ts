import type { RoundSampleRecord } from "../../api/roundTypes.js";
import type { RoundSettings } from "../../api/roundsApi.js";
import type { TaskView } from "../../api/taskTypes.js";
import { CancelledError } from "../../common/TracetuneError.js";
import type { SandboxRuntime } from "../../python/SharedPythonRuntime.js";
import type { CheckClaims } from "../../repair/judgeCompletion.js";
import { runRepair } from "../../repair/runRepair.js";
import type { TraceRenderSettings } from "../../trace/common/types.js";
import { decideKeep, fingerprint, type KeptFingerprint } from "../common/keepFilter.js";
import { taskSeed } from "../common/sampleSeed.js";
import { buildRoundRecord, receiptModel, type ReceiptRuntime } from "./buildRoundRecord.js";
import type { OpenedRoundModel } from "./roundDeps.js";
import { sampleIdentity, type RunStore } from "./RunStore.js";
import { pausePoint } from "./testPausePoint.js";

/**
 * Steps 2-4 of a round: k candidates per hard task at the round's temperature with the trace in the prompt,
 * each verified, filtered and appended with its receipt as soon as it is judged. What the samples file holds
 * already is never redone: a task resumes at its first missing index with the same seeds (sample i of a task
 * is drawn with taskSeed + i), and the filter is rebuilt from the kept records, so the decisions are those an
 * uninterrupted round makes.
 */
export async function sampleHardTasks(options: {
  store: RunStore;
  run: string;
  round: number;
  runSeed: number;
  settings: RoundSettings;
  tasks: TaskView[];
  opened: OpenedRoundModel;
  runtime: SandboxRuntime;
  traceSettings: TraceRenderSettings;
  checkClaims?: CheckClaims;
  receiptRuntime: ReceiptRuntime;
  signal: AbortSignal;
  onRecord(record: RoundSampleRecord, written: number): void;
}): Promise<void> {
  const { store, run, round, runSeed, settings, tasks, opened, runtime, traceSettings, checkClaims, receiptRuntime, signal } = options;
  const existing = await store.readSamples(run, round, { repair: true });
  const done = new Set(existing.map(sampleIdentity));
  let written = existing.length;
  const model = receiptModel(opened.identity, receiptRuntime.nodeLlamaCpp);
  for (const task of tasks) {
    signal.throwIfAborted();
    let firstIndex = 0;
    while (firstIndex < settings.k && done.has(sampleIdentity({ taskId: task.id, sampleIndex: firstIndex }))) firstIndex += 1;
    if (firstIndex >= settings.k) continue;
    const kept: KeptFingerprint[] = existing
      .filter((record) => record.taskId === task.id && record.kept)
      .sort((a, b) => a.sampleIndex - b.sampleIndex)
      .map((record) => fingerprint(record));
    await pausePoint("before-sample");
    const samples = runRepair({
      task, backend: opened.backend, model: opened.identity, tokenizer: opened.tokenizer, contextSize: opened.contextSize, runtime, traceSettings,
      traceFormat: settings.traceFormat, fewShot: settings.fewShot, k: settings.k, firstIndex, seed: taskSeed({ runSeed, round, taskId: task.id }), temperature: settings.temperature,
      maxTokens: settings.maxTokens, ...(settings.grammar ? { grammar: settings.grammar } : {}), checkClaims, signal,
    });
    for await (const sample of samples) {
      // Never a second record of an identity, even if the file had a gap (it cannot, written in index order).
      if (done.has(sampleIdentity({ taskId: task.id, sampleIndex: sample.index }))) continue;
      await pausePoint("verified-before-record");
      const decision = decideKeep({ sample: { ...sample, sampleIndex: sample.index }, kept, keptPerTask: settings.keptPerTask, nearDuplicateThreshold: settings.nearDuplicateThreshold, minCheckScore: settings.minCheckScore });
      const record = buildRoundRecord({ run, round, task, sample, decision, settings, model, runtime: receiptRuntime });
      await store.appendSample(record);
      done.add(sampleIdentity(record));
      if (decision.kept) kept.push(decision.fingerprint);
      written += 1;
      options.onRecord(record, written);
      await pausePoint("after-record");
    }
    if (signal.aborted) throw new CancelledError();
  }
}
