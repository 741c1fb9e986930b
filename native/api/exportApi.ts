import type { ExecutionReceipt } from "./roundTypes.js";

/**
 * Training sets from a run's kept samples (issue 15, docs/training.md): one directory per export, holding the
 * same rows in the shapes trainers read without conversion, and a manifest that says where every row came from.
 */

/** Options of an export; every field but `run` and `out` has a default. */
export interface ExportOptions {
  /** The run whose rounds are exported (`<dataDir>/rounds/<run>/`). */
  run: string;
  /** Rounds to take kept samples from (1-based). Default: every round of the run. */
  rounds?: number[];
  /**
   * The base GGUF (the model to be trained): its chat template renders `llamacpp/corpus.txt` and its tokenizer
   * counts tokens. Default: the model file of the rounds' receipts when it is a local file that exists; else
   * the ChatML fallback with estimated token counts, flagged in the manifest.
   */
  model?: string | null;
  /** The export directory; created, and must be empty or absent. */
  out: string;
  /** Keep the execution trace in the prompt (NExT trained with traces). Default: true. */
  includeTrace?: boolean;
  /** A system message put first in every row; null keeps the prompt's own (if any). Default: null. */
  systemPrompt?: string | null;
  /** Longest row in tokens (prompt + completion, rendered). Default: the base model's context length, else 4096. */
  maxTokens?: number | null;
  /** What to do with rows over `maxTokens`: leave them out or keep them (both list them). Default: "exclude". */
  overLength?: "exclude" | "keep";
  /** Share of tasks held out for validation (by task, never by sample). Default: 0.1. */
  validRatio?: number;
}

/** One row of the export (all the manifest keeps per row). */
export interface ExportRowInfo {
  /** `<run>/r<round>/<taskId>/<sampleIndex>`. */
  id: string;
  taskId: string;
  round: number;
  sampleIndex: number;
  split: "train" | "valid";
  /** Tokens of the whole rendered row, of the prompt part, and of the assistant turn. */
  tokens: number;
  promptTokens: number;
  completionTokens: number;
  isOverLength: boolean;
  /** Whether the row is in the files (an over-length row under "exclude" is not, nor a contaminated task's row). */
  isIncluded: boolean;
  /** Why a row is not in the files, else null. */
  excludedReason: "over_length" | "contaminated" | "exemplar_overlap" | null;
  receipt: ExecutionReceipt;
}

/** Token-length summary of the rows (included ones), with a histogram for the Export page. */
export interface TokenStats {
  rows: number;
  total: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  /** Bins of equal width: `edges[i]` ≤ tokens < `edges[i + 1]`; the last bin includes its upper edge. */
  histogram: { edges: number[]; counts: number[] };
}

/** How the trainers outside the app are run on this export (each checked against its documented options). */
export interface TrainerRecipe {
  trainer: "mlx-lm" | "trl" | "axolotl";
  /** The version whose documentation the options were checked against. */
  version: string;
  /** The config file written next to the data, relative to the export dir, or null when the command is enough. */
  config: string | null;
  /** The command to run from the export dir. */
  command: string;
  /** How the adapter comes back as a GGUF the app loads. */
  toGguf: string;
}

export interface ExportManifest {
  formatVersion: 1;
  createdAt: string;
  run: string;
  rounds: number[];
  options: Required<Omit<ExportOptions, "model" | "maxTokens" | "systemPrompt">> & { model: string | null; maxTokens: number; systemPrompt: string | null };
  /** The chat template that rendered corpus.txt (`llamacpp/chat_template.jinja`). */
  template: {
    /** "model": the GGUF's `tokenizer.chat_template`; "chatml-fallback": no model template was available. */
    source: "model" | "chatml-fallback";
    /** A readable id: the node-llama-cpp wrapper name plus the template's hash, e.g. "jinja:3f2a…". */
    id: string;
    /** sha256 of the template text. */
    hash: string;
    isFallback: boolean;
  };
  /** The model whose template and tokenizer were used, or null for the fallback. */
  model: { file: string; fileHash: string; name: string | null; architecture: string; contextLength: number | null } | null;
  /** "model": counted with the model's own tokenizer; "estimate": characters / 4 (fallback only). */
  tokenizer: "model" | "estimate";
  counts: {
    /** Sample records read from the rounds, kept or not. */
    records: number;
    kept: number;
    /** Rows written (kept rows, less the excluded over-length ones). */
    rows: number;
    train: number;
    valid: number;
    overLength: number;
    /** Kept rows not written: over-length ones under "exclude", rows of contaminated tasks and of tasks matching a prompt exemplar. */
    excluded: number;
    tasks: number;
  };
  split: {
    ratio: number;
    trainTaskIds: string[];
    validTaskIds: string[];
    /** The per-run file that freezes each task's split across exports. */
    frozenIn: string;
  };
  tokens: { train: TokenStats; valid: TokenStats };
  overLength: { maxTokens: number; policy: "exclude" | "keep"; rowIds: string[] };
  /** Training tasks of this export compared with the dev/test tasks of their sets (native/tasks/contamination). */
  contamination: {
    evalTaskCount: number;
    threshold: number;
    pairs: Array<{ trainTaskId: string; evalTaskId: string; similarity: number; kind: "exact" | "near" }>;
    /** Tasks whose rows were left out because they duplicate a dev/test task. */
    contaminatedTaskIds: string[];
    /** Tasks no longer in the task store, so they could not be checked (their rows are kept and listed here). */
    uncheckedTaskIds: string[];
    /** Tasks that match a prompt exemplar (native/repair/exemplars.ts): seen with their answer in every prompt, so their rows are left out. */
    exemplarOverlaps: Array<{ taskId: string; exemplarId: string; reason: string }>;
  };
  /** Every file of the export (relative path), its rows and sha256. */
  files: Record<string, { rows: number | null; sha256: string }>;
  trainers: TrainerRecipe[];
  rows: ExportRowInfo[];
}

/** One row as the Export page previews it. */
export interface ExportPreviewRow {
  id: string;
  taskId: string;
  round: number;
  split: "train" | "valid";
  /** The row rendered with the chat template, as it appears in corpus.txt. */
  rendered: string;
  messages: Array<{ role: "system" | "user" | "assistant"; content: string }>;
  tokens: number;
  isOverLength: boolean;
}

export interface ExportPreview {
  template: ExportManifest["template"];
  tokenizer: ExportManifest["tokenizer"];
  counts: ExportManifest["counts"];
  tokens: ExportManifest["tokens"];
  /** The first `limit` rows. */
  rows: ExportPreviewRow[];
}

export interface ExportApi {
  /**
   * What an export with these options would hold, without writing anything: counts, token statistics and
   * histogram, and the first `limit` rows rendered (default 20). Throws `export_no_rows` when no kept sample
   * matches, `invalid_input` naming a bad option.
   */
  previewExport(args: Omit<ExportOptions, "out"> & { limit?: number }): Promise<ExportPreview>;
  /** Writes the export as a job ("export.write", progress = rows); the job's result is the ExportManifest. */
  startExport(args: ExportOptions): Promise<{ jobId: string }>;
  /** The manifest.json of an export dir. Throws `invalid_input` naming the file when it is missing or malformed. */
  readExport(args: { dir: string }): Promise<ExportManifest>;
}

export const exportMethods = {
  previewExport: true,
  startExport: true,
  readExport: true,
} as const satisfies Record<keyof ExportApi, true>;
