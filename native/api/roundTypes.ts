import type { ExecLimits, Verdict } from "../python/common/execTypes.js";
import type { ChatMessage } from "../sampling/SamplingBackend.js";

/**
 * The wire types of a run of self-training rounds (issue 13, docs/rounds.md): one record per repair sample,
 * kept or not, each with the execution receipt that lets its verdict be traced back to, and re-checked
 * against, the exact inputs that produced it. Records are appended to
 * `<dataDir>/rounds/<run>/round-<n>/samples.jsonl`; the kept ones are a round's training set (export/training
 * reads them as they are).
 */

/** A sample's verdict: the sandbox's verdict on its fix, or "unparsable" when no program could be read from the completion. */
export type RoundSampleVerdict = Verdict | "unparsable";

/** How the execution trace is shown in the prompt (docs/trace-format.md); "none" leaves it out. */
export type RoundTraceFormat = "next" | "scratchpad" | "none";

/**
 * Why a sample was not kept, checked in this order:
 * - `not_passing`: its verdict is not "pass" (unparsable included);
 * - `duplicate`: the same normalised code and rationale as a kept sample of the same task and round;
 * - `near_duplicate`: normalised code and rationale too similar to a kept one (threshold: `nearDuplicateThreshold`);
 * - `low_check_score`: its trace-check score is under `minCheckScore` (or null while a minimum is set);
 * - `task_cap`: the task already has `keptPerTask` kept samples this round.
 */
export type RoundDropReason = "not_passing" | "duplicate" | "near_duplicate" | "low_check_score" | "task_cap";

/** Which model produced a sample: a local GGUF (with an optional LoRA adapter), or a serving engine. */
export type ReceiptModel =
  | {
      kind: "local";
      /** Absolute path as given. */
      file: string;
      /** sha256 of the whole GGUF file (hex). */
      fileHash: string;
      sizeBytes: number;
      /** The LoRA adapters applied, in order (empty: none). */
      adapters: Array<{ file: string; fileHash: string }>;
      /** node-llama-cpp's version, which fixes the bundled llama.cpp. */
      nodeLlamaCpp: string | null;
    }
  | {
      kind: "engine";
      /** The engine's OpenAI base URL (ending in `/v1`). */
      url: string;
      /** The model id sent with each request. */
      modelId: string;
      /** What the server says about itself (llama.cpp's `GET /props`: build, model path, n_ctx, …), or null when it offers nothing. */
      serverProps: Record<string, unknown> | null;
    };

/** The sampling settings a completion was drawn with (the prompt itself is hashed in `promptHash`). */
export interface ReceiptSampling {
  temperature: number;
  topP: number;
  topK: number;
  maxTokens: number;
  /** GBNF grammar's sha256 when completions were constrained (tests do this), else null. */
  grammarHash: string | null;
}

/**
 * Everything that decided one sample's verdict, by hash where the thing itself is stored elsewhere. Two
 * samples with equal receipts were produced by the same inputs; `round verify` re-runs a kept sample's code
 * under `runtime` and `limits` against the task's tests and checks that the hashes and the verdict still hold.
 */
export interface ExecutionReceipt {
  /** Bumped when a field's meaning changes. Currently 1. */
  receiptVersion: 1;
  /** sha256 (hex) of the program that was run (the record's `code`). */
  codeHash: string;
  /** sha256 of the canonical JSON of the task's tests. */
  testsHash: string;
  /** The task's `contentHash` (description, programs, tests, entry point, bug type). */
  taskHash: string;
  taskId: string;
  /** The prompt template (`id`, e.g. "next-repair-v1") and the sha256 of its text. */
  promptTemplate: { id: string; hash: string };
  /** sha256 of the canonical JSON of the messages as sent (`record.prompt`). */
  promptHash: string;
  traceFormat: RoundTraceFormat;
  runtime: {
    /** Pyodide's version (the package's). */
    pyodide: string | null;
    tracetune: string;
    /** How the sandbox is kept off the network here (e.g. "namespace"), and the interpreter pool settings that affect runs. */
    sandbox: { network: string; recursionLimit: number };
    /** Seed of the tests' own `random` module for this run. */
    testSeed: number | null;
  };
  model: ReceiptModel;
  sampling: ReceiptSampling;
  /** The sandbox limits the tests ran under. */
  limits: ExecLimits;
  verdict: RoundSampleVerdict;
  /** The completion's seed: f(runSeed, round, taskId, sampleIndex) (docs/rounds.md). */
  seed: number;
}

/** What the tests said about a sample's fix. Empty (total 0) for an unparsable sample, which is never run. */
export interface RoundTestsSummary {
  total: number;
  passed: number;
  /** Indexes of failing tests, at most 50. */
  failing: number[];
  /** The first failing test's source and error message, when there is one. */
  firstFailure: { index: number; source: string | null; error: string | null } | null;
}

/**
 * One repair sample of a round, kept or not. Identity: (run, round, taskId, sampleIndex); a run never holds
 * two records with the same identity, and resuming never loses one (docs/rounds.md, "Exactly once").
 */
export interface RoundSampleRecord {
  /** The run's name. */
  run: string;
  /** 1-based. */
  round: number;
  /** Store task id, e.g. "demo/reverse-words". */
  taskId: string;
  /** 0 … k-1 within the task and round. */
  sampleIndex: number;
  /** f(runSeed, round, taskId, sampleIndex): the completion's sampling seed. */
  seed: number;
  verdict: RoundSampleVerdict;
  /** Why an unparsable completion could not be read, else null. */
  unparsableReason: string | null;
  /** True when the sample belongs to the round's training set. */
  kept: boolean;
  /** "passed_filters" when kept, else null. */
  keptReason: "passed_filters" | null;
  /** Why it was dropped, else null. */
  droppedReason: RoundDropReason | null;
  /** For a duplicate or near duplicate: the kept sample it repeats. */
  duplicateOf: number | null;
  /** The messages exactly as sent to the model. */
  prompt: ChatMessage[];
  /** The model's raw text. */
  completion: string;
  finishReason: "stop" | "maxTokens" | "cancelled" | "eos";
  /** Generated tokens. */
  tokens: number;
  /** The rationale read from the completion ("" when none). */
  rationale: string;
  /** The fixed program read from the completion ("" when unparsable). */
  code: string;
  tests: RoundTestsSummary;
  /** Share of the rationale's checkable claims that the trace confirmed, or null when none could be checked. */
  checkScore: number | null;
  receipt: ExecutionReceipt;
  /**
   * Where the sample's time went, in ms: its share of the batch's prompt building and decoding, its own parsing,
   * verification and claim checking (the benchmark's breakdown). Not part of the receipt: timing is not an input.
   */
  timing?: { promptMs: number; decodeMs: number; parseMs: number; verifyMs: number; checkMs: number };
  /** When the record was appended (ISO). */
  recordedAt: string;
}
