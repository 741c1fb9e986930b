import type { RoundRunStatus, RoundStatus } from "../../api/roundsApi.js";
import type { StoredRun } from "../common/storedRun.js";
import type { RunStore } from "./RunStore.js";

/**
 * A run as `round status` shows it: the stored state, made truthful (a run stored as "running" whose process is
 * gone reads as "paused"), and each round's counts read from its samples file.
 */
export async function readRunStatus(store: RunStore, name: string): Promise<RoundRunStatus> {
  const run = await store.readRun(name);
  const holder = await store.lockHolder(name);
  const state: RoundRunStatus["state"] = holder !== null ? "running" : run.state === "running" ? "paused" : run.state;
  const rounds: RoundStatus[] = [];
  for (const round of run.rounds) rounds.push(await roundStatus(store, run, round));
  return {
    name, state, settings: run.settings, baseModel: run.baseModel, currentModel: run.currentModel, targetRounds: run.targetRounds, rounds,
    tasks: run.tasks, error: run.error, createdAt: run.createdAt, sizeBytes: await store.sizeBytes(name),
  };
}

async function roundStatus(store: RunStore, run: StoredRun, round: StoredRun["rounds"][number]): Promise<RoundStatus> {
  const records = await store.readSamples(run.name, round.round);
  const verdicts: RoundStatus["verdicts"] = {};
  const dropped: RoundStatus["dropped"] = {};
  for (const record of records) {
    verdicts[record.verdict] = (verdicts[record.verdict] ?? 0) + 1;
    if (record.droppedReason) dropped[record.droppedReason] = (dropped[record.droppedReason] ?? 0) + 1;
  }
  const reused = round.hardSetEvaluations?.every((entry) => entry.isReused) ?? false;
  return {
    round: round.round, stage: round.stage, hardSet: round.hardSet?.length ?? null, candidates: round.candidates.length,
    samplesExpected: round.hardSet ? round.hardSet.length * run.settings.k : null, samplesWritten: records.length,
    kept: records.filter((record) => record.kept).length, verdicts, dropped, model: round.model,
    hardSetEvaluation: round.hardSetEvaluations && round.hardSetEvaluations.length > 0 ? { id: round.hardSetEvaluations.map((entry) => entry.id).join(","), isReused: reused } : null,
    devCheck: round.devCheck ? { evaluationId: round.devCheck.evaluationIds.join(","), passAt1: round.devCheck.passAt1 } : null,
    plan: round.plan ? { estimateMs: round.plan.estimateMs, isUpperBound: round.plan.isUpperBound } : null,
    actualMs: round.actualMs, startedAt: round.startedAt, endedAt: round.endedAt,
  };
}
