import { createHash } from "node:crypto";
import type { RepairModelIdentity } from "../../api/repairApi.js";
import type { ExecutionReceipt, ReceiptModel, RoundSampleRecord, RoundTestsSummary } from "../../api/roundTypes.js";
import type { RoundSettings } from "../../api/roundsApi.js";
import type { RepairTask } from "../../api/taskTypes.js";
import { defaultExecLimits, type ExecLimits } from "../../python/common/execTypes.js";
import type { RunRepairSample } from "../../repair/runRepair.js";
import { canonicalJson } from "../../tasks/common/canonicalJson.js";
import type { KeepDecision } from "../common/keepFilter.js";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** What the receipt says about the runtime, read once per round. */
export interface ReceiptRuntime {
  pyodide: string | null;
  tracetune: string;
  /** How the sandbox is kept off the network here ("isolated", "unavailable", "unsupported"). */
  network: string;
  nodeLlamaCpp: string | null;
}

/** The receipt's form of the repair step's model identity. */
export function receiptModel(identity: RepairModelIdentity, nodeLlamaCpp: string | null): ReceiptModel {
  if (identity.kind === "local") {
    return { kind: "local", file: identity.path, fileHash: identity.sha256, sizeBytes: identity.sizeBytes, adapters: identity.loraAdapters.map((adapter) => ({ file: adapter.path, fileHash: adapter.sha256 })), nodeLlamaCpp };
  }
  if (identity.kind === "engine") return { kind: "engine", url: identity.url, modelId: identity.model, serverProps: identity.serverProps };
  throw new Error("A round's samples always come from a model or an engine.");
}

/** The summary of the sandbox's per-test results kept in a record. */
export function summariseTests(sample: Pick<RunRepairSample, "tests" | "error">): RoundTestsSummary {
  const failing = sample.tests.filter((test) => !test.passed);
  const first = failing[0];
  return {
    total: sample.tests.length,
    passed: sample.tests.length - failing.length,
    failing: failing.slice(0, 50).map((test) => test.index),
    firstFailure: first ? { index: first.index, source: first.source ?? null, error: first.error ? `${first.error.type}: ${first.error.message}` : null } : null,
  };
}

/** The hash of a task's tests, as receipts record it (and `round verify` recomputes). */
export function hashTests(task: Pick<RepairTask, "tests" | "entryPoint">): string {
  return sha256(canonicalJson({ tests: task.tests, entryPoint: task.entryPoint }));
}

/** One sample's record with its execution receipt, from what the repair step yielded and the filter's decision. */
export function buildRoundRecord(options: {
  run: string;
  round: number;
  task: RepairTask;
  sample: RunRepairSample;
  decision: KeepDecision;
  settings: RoundSettings;
  model: ReceiptModel;
  runtime: ReceiptRuntime;
}): RoundSampleRecord {
  const { run, round, task, sample, decision, settings, model, runtime } = options;
  const limits: ExecLimits = { ...defaultExecLimits, ...sample.limits };
  const receipt: ExecutionReceipt = {
    receiptVersion: 1,
    codeHash: sha256(sample.code),
    testsHash: hashTests(task),
    taskHash: task.contentHash,
    taskId: task.id,
    promptTemplate: { id: sample.templateId ?? "unknown", hash: sample.templateHash ?? "" },
    promptHash: sha256(canonicalJson(sample.prompt)),
    traceFormat: sample.traceFormat ?? settings.traceFormat,
    runtime: { pyodide: runtime.pyodide, tracetune: runtime.tracetune, sandbox: { network: runtime.network, recursionLimit: limits.recursionLimit }, testSeed: sample.testSeed },
    model,
    sampling: { temperature: settings.temperature, topP: 0.95, topK: 40, maxTokens: settings.maxTokens, grammarHash: settings.grammar ? sha256(settings.grammar) : null },
    limits,
    verdict: sample.verdict,
    seed: sample.seed ?? -1,
  };
  return {
    run, round, taskId: task.id, sampleIndex: sample.index, seed: sample.seed ?? -1,
    verdict: sample.verdict,
    unparsableReason: sample.verdict === "unparsable" ? (sample.reason ?? "unparsable") : null,
    kept: decision.kept, keptReason: decision.keptReason, droppedReason: decision.droppedReason, duplicateOf: decision.duplicateOf,
    prompt: sample.prompt,
    completion: sample.completion,
    finishReason: (sample.finishReason ?? "eos") as RoundSampleRecord["finishReason"],
    tokens: sample.tokens.completion ?? 0,
    rationale: sample.rationale,
    code: sample.code,
    tests: summariseTests(sample),
    checkScore: sample.checkScore,
    receipt,
    timing: sample.timing,
    recordedAt: new Date().toISOString(),
  };
}
