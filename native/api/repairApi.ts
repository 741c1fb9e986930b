import type { EngineTarget } from "./enginesApi.js";
import type { ExecLimits, PythonErrorInfo, TestResult, Verdict } from "../python/common/execTypes.js";
import type { ChatMessage } from "../sampling/SamplingBackend.js";

/**
 * The repair step (issue 12, docs/prompt.md): prompt → sample → parse → verify → check, each usable alone.
 * A repair job draws k completions for one buggy program, and each becomes a RepairSample as soon as the
 * sandbox has judged its fix.
 */

/** A sample's verdict: one of the sandbox's verdicts, or `unparsable` when no program could be taken from the text. */
export type RepairVerdict = Verdict | "unparsable";

/** How the buggy program is shown: NExT inline trace (default), scratchpad, or the program alone. */
export type RepairTraceFormat = "next" | "scratchpad" | "none";

/** One value claim of a rationale, checked against the real trace (native/repair/claims). */
export interface RepairClaim {
  text: string;
  status: "confirmed" | "contradicted" | "unverifiable";
  /** Which claim pattern it is: value, always, return, exception, no_exception, loop_count, line_count (docs/prompt.md). */
  kind: string;
  detail?: string;
}

/** What produced a completion, so a number can be traced back to the exact model. */
export type RepairModelIdentity =
  | {
    kind: "local";
    path: string;
    fileName: string;
    sizeBytes: number;
    /** sha256 of the file, cached by path, size and mtime (`model-hashes.json` in the data dir). */
    sha256: string;
    contextSize: number;
    loraAdapters: Array<{ path: string; sha256: string }>;
  }
  | {
    kind: "engine";
    /** The OpenAI base URL, ending in /v1. */
    url: string;
    model: string;
    /** llama.cpp's `GET /props` (build, n_ctx, chat template, model path), or null where the server has none. */
    serverProps: Record<string, unknown> | null;
  }
  /** Completions judged from a file or another tool (`repairJudgeCompletions`); nothing is known of the model. */
  | { kind: "completions"; source: string | null };

/**
 * Per-sample cost (ms). Prompt building and decoding are shared by the batch: each sample gets its share.
 * verifyMs is the wall time of the sandbox call, which includes waiting for a free interpreter while several
 * fixes are verified side by side.
 */
export interface RepairTiming {
  promptMs: number;
  decodeMs: number;
  parseMs: number;
  verifyMs: number;
  checkMs: number;
}

export interface RepairSample {
  /** The sample's index in the job (completion i of k, or line order for judged completions). */
  index: number;
  verdict: RepairVerdict;
  /** Why the sample is `unparsable`: "empty", "no_code", "empty_code", "truncated" (docs/prompt.md, "Parser"). */
  reason?: string;
  /** The program taken from the completion ("" when unparsable without one). */
  code: string;
  rationale: string;
  /** The completion text as generated. */
  completion: string;
  /** The backend's finish reason: "stop", "eos", "maxTokens", "cancelled"; null for judged completions without one. */
  finishReason: string | null;
  /** The sandbox's per-test results (empty when unparsable). */
  tests: TestResult[];
  /** The sandbox's error for the whole run (syntax error, missing entry point), when there is one. */
  error?: PythonErrorInfo;
  /** Seed of the tests' own `random` module in the verifying run. */
  testSeed: number | null;
  /** The rationale's value claims checked against the trace; empty until checked. */
  claims: RepairClaim[];
  /** Share of checkable claims that hold; null when none is checkable. */
  checkScore: number | null;
  /** The completion's sampling seed (`seed + index`); null for judged completions. */
  seed: number | null;
  /** Tokens of the prompt and of this completion; null where unknown. */
  tokens: { prompt: number | null; completion: number | null };
  timing: RepairTiming;
  /** The prompt template's id, e.g. "next-repair-v1"; null for judged completions. */
  templateId: string | null;
  /** sha256 of the template file, so an edited template never passes for the old one. */
  templateHash: string | null;
  traceFormat: RepairTraceFormat | null;
  model: RepairModelIdentity;
  /** The sandbox limits the fix ran under. */
  limits: Partial<ExecLimits>;
}

/** What to repair: a stored task, or a program and its tests. */
export interface RepairTarget {
  /** A stored task's id. Exactly one of `task` and `program` is required. */
  task?: string;
  program?: string;
  /** MBPP asserts or a `def check(candidate)` harness; required with `program`. */
  tests?: string;
  /** Default: detected (the program's only, else last, top-level def). */
  entryPoint?: string;
  /** What the function should do, shown in the prompt. Default: the task's description, else none. */
  description?: string;
}

/** How the prompt is built (defaults: the stored repair settings, `getRepairSettings`). */
export interface RepairPromptOptions {
  /** Default: the stored setting ("next-repair-v1"). */
  templateId?: string;
  /** Default: the stored setting ("next"). */
  traceFormat?: RepairTraceFormat;
  /** Worked exemplars before the task (0–3). Default: the stored setting (1). */
  fewShot?: number;
  /** Tokens kept for the answer; the trace gets what the context has left. Default: the stored setting (512). */
  maxTokens?: number;
  /** Another model's rationale, shown as a hint that may be wrong (docs/prompt.md, "Hint"). Default: none. */
  hint?: string;
}

export interface RepairRequest extends RepairTarget, RepairPromptOptions {
  /** Sample from this serving engine instead of the loaded model. Default: the loaded model. */
  engine?: EngineTarget;
  /** Completions to draw. Default: the stored setting (4). */
  k?: number;
  /** Default: the stored setting (0.8). */
  temperature?: number;
  /** Base seed; completion i uses seed + i. Default: random. */
  seed?: number;
  /** GBNF grammar every completion must follow (tests force a known output with it). Default: none. */
  grammar?: string;
  /** Sandbox limits for verifying each fix. Default: the task's (10 s for asserts and check, 120 s for io). */
  limits?: Partial<ExecLimits>;
}

/** The rendered prompt, as the Debugger shows it. */
export interface RepairPrompt {
  templateId: string;
  templateHash: string;
  traceFormat: RepairTraceFormat;
  /** The chat messages sent (system, exemplar turns, the task). */
  messages: ChatMessage[];
  /** The prompt as the model sees it: rendered with its chat template when a model is loaded, else the messages joined. */
  text: string;
  /** Tokens of `text`, counted with `tokenizer`. */
  tokens: number;
  /** "model" (the loaded model's tokenizer) or "estimate" (UTF-8 bytes / 2.5; engines). */
  tokenizer: string;
  /** The budget rule: trace = contextSize − maxTokens − rest of the prompt (docs/prompt.md, "Budget"). */
  budget: { contextSize: number; maxTokens: number; rest: number; trace: number };
  /** The traced failing call; null only for traceFormat "none" when no call shows the failure. */
  trace: {
    call: string;
    outcome: string;
    test: string | null;
    tokens: number;
    fitsBudget: boolean;
    degradeLevel: number;
    keepsFailureState: boolean;
  } | null;
  /** Ids of the exemplars shown. */
  exemplars: string[];
  /** Exemplars this task matches (so it is left out of evaluation and training); empty when none. */
  exemplarOverlap: Array<{ exemplarId: string; reason: string }>;
}

/** Result of a finished repair or judge job (`getJob(...).result`). */
export interface RepairResult {
  /** In sample-index order. */
  samples: RepairSample[];
  /** The prompt of a repair job; null for judged completions. */
  prompt: RepairPrompt | null;
  taskId: string | null;
  entryPoint: string;
  model: RepairModelIdentity;
}

/** The stored repair settings (`repair-settings.json` in the data dir); docs/prompt.md gives the reasons. */
export interface RepairSettings {
  templateId: string;
  traceFormat: RepairTraceFormat;
  fewShot: number;
  k: number;
  temperature: number;
  maxTokens: number;
}

export interface RepairApi {
  /**
   * Starts a repair job ("repair"; with the loaded model it waits its turn for the model behind a load or a
   * round): builds the prompt, draws k completions from the loaded model (or `engine`), then parses, verifies in the sandbox and checks each; every judged sample is pushed as a
   * `repair` event, in completion order, and the job's result is a RepairResult. `cancelJob` stops it and
   * the result keeps the samples judged so far. Throws `no_model_loaded`, `invalid_input` naming the field,
   * `unknown_task`, `nothing_to_repair` (the program passes its tests), `prompt_too_long`, and for an engine
   * `engine_host_not_allowed` or `engine_unreachable`.
   */
  repairStart(args: RepairRequest): Promise<{ jobId: string }>;
  /**
   * Judges completions produced elsewhere (`{text, finishReason?}` each) as a job ("repair.judge"): the same
   * parse → verify → check path, samples in input order, pushed as `repair` events; the result is a
   * RepairResult. Throws `invalid_input` naming the field.
   */
  repairJudgeCompletions(args: RepairTarget & {
    completions: Array<{ text: string; finishReason?: string }>;
    /** Where they came from (a file name), recorded as the model identity. Default: null. */
    source?: string;
    limits?: Partial<ExecLimits>;
  }): Promise<{ jobId: string }>;
  /**
   * The prompt a repair job would send, with its token count and budget, without sampling. Traces the first
   * failing test in the sandbox. Same errors as `repairStart`, but no model needs to be loaded (then tokens
   * are estimated against `contextSize`, default 4096).
   */
  repairPrompt(args: RepairRequest & { contextSize?: number }): Promise<RepairPrompt>;
  /** The stored repair settings (defaults: next-repair-v1, next, 1 exemplar, k 4, temperature 0.8, 512 tokens). */
  getRepairSettings(args?: Record<string, never>): Promise<RepairSettings>;
  /** Changes repair settings; an unknown field or a bad value throws `invalid_input` naming it. */
  updateRepairSettings(args: { patch: Partial<RepairSettings> }): Promise<RepairSettings>;
}

export const repairMethods = {
  repairStart: true,
  repairJudgeCompletions: true,
  repairPrompt: true,
  getRepairSettings: true,
  updateRepairSettings: true,
} as const satisfies Record<keyof RepairApi, true>;
