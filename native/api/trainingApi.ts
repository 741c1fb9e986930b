/**
 * Training from an export (issue 15, docs/training.md): upstream llama.cpp's `llama-finetune` trains every
 * weight of an F32 GGUF on the export's `llamacpp/corpus.txt`; a LoRA trainer the user has (the
 * `llama-finetune-lora` fork, path in Settings) trains an adapter on `messages/train.jsonl`.
 */

/**
 * Which trainer: upstream `llama-finetune` from tracetune's llama.cpp build (or the user's own), "lora" for the
 * LoRA trainer whose path is in the training settings, or the path of a LoRA trainer binary.
 */
export type TrainerChoice = "llama-finetune" | "lora" | string;

/** LoRA settings, passed to a LoRA trainer as `--lora-rank`, `--lora-alpha`, `--lora-modules`. */
export interface LoraSettings {
  /** Default: 16. */
  rank: number;
  /** Default: 32. */
  alpha: number;
  /** Modules the fork knows: attn_q, attn_k, attn_v, attn_o, ffn_gate, ffn_up, ffn_down, output, all. Default: the four attention ones. */
  modules: string[];
}

export interface TrainOptions {
  /** An export dir (`tracetune export`), holding manifest.json. */
  exportDir: string;
  /** The base GGUF to train. `llama-finetune` needs an F32 model. */
  model: string;
  /** Default: "llama-finetune". "lora": the training settings' `loraTrainerPath`. Any other value is the path of a LoRA trainer binary. */
  trainer?: TrainerChoice;
  /**
   * Where the result goes: the trained F32 model (`llama-finetune`) or the adapter (LoRA). Default: in the
   * data dir, `trained/<export name>-<base name>-<n>.gguf`, never overwriting an earlier file.
   */
  out?: string;
  /** Default: the training settings' (2). */
  epochs?: number;
  /** AdamW learning rate. Default: the training settings' (1e-4). */
  learningRate?: number;
  /**
   * Training window in tokens (`-c`, `-b` and `-ub` are all set to it). Default: the smaller of 512 and the
   * base model's context length, lowered to fit the corpus when it is shorter.
   */
  contextSize?: number;
  /** Share of the corpus's windows llama-finetune holds out for its own validation loss. Default: 0.1. */
  valSplit?: number;
  /** CPU threads. Default: the machine's physical cores. */
  threads?: number;
  /** Quantise the trained F32 model for sampling with llama-quantize (the F32 stays for the next round). Default: the training settings' ("Q8_0"). */
  quantize?: "Q8_0" | "Q4_0" | "none";
  /** LoRA trainer settings; ignored by llama-finetune. Default: the training settings' (rank 16, alpha 32, attention modules). */
  lora?: Partial<LoraSettings>;
  /**
   * What upstream llama-finetune trains on (it has no prompt masking, docs/training.md "Corpus"): "chat", every
   * row rendered whole with the template (prompt and answer, `llamacpp/corpus.txt`), or "completions", the
   * assistant turns alone (`llamacpp/completions.txt`). Ignored by LoRA trainers, which mask the prompt
   * themselves. Default: the training settings' ("chat").
   */
  corpus?: TrainingCorpus;
  /**
   * llama-finetune also trains on the export's valid rows (its own `-val-split` still holds out windows).
   * Rounds' training does (ReST-EM trains on every kept sample; dev is the held-out measure there); a LoRA
   * trainer ignores it. Default: false.
   */
  includeValid?: boolean;
  /**
   * llama-finetune reads its windows in file order every epoch (it never shuffles) and holds out the last
   * `valSplit` of them: the corpus's rows are written in the order of this seed, so the held-out windows are a
   * random tenth of the rows rather than the last ones (the valid rows, or the newest round's), and no round is
   * always trained last. null keeps the export's order. Ignored by LoRA trainers. Default: 1.
   */
  shuffleSeed?: number | null;
  /** Train even when the estimate exceeds the machine's memory. Default: false. */
  force?: boolean;
  /**
   * A run to register the result with as its next model (rounds' set-model, by "trainer"): the quantised copy
   * (or the F32 file when there is none), or the base model with the adapter. Default: none.
   */
  run?: string;
}

/** Memory and time before training, from the model's parameter count and the corpus's token count. */
export interface TrainingEstimate {
  trainer: "llama-finetune" | "lora";
  parameterCount: number;
  /** Parameters the optimiser updates (all of them for llama-finetune). */
  trainedParameterCount: number;
  /** Tokens of the corpus (the model's own tokenizer when the export had it, else the export's estimate). */
  corpusTokens: number;
  contextSize: number;
  /** Training windows per epoch (llama-finetune strides by half a window). */
  windowsPerEpoch: number;
  epochs: number;
  /** Weights + gradients + AdamW moments (16 bytes per trained F32 parameter) + activations. */
  memoryBytes: number;
  /** The machine's total memory (`os.totalmem()`). */
  machineMemoryBytes: number;
  /** True when memoryBytes exceeds 90 % of the machine's memory; training is then refused unless forced. */
  isTooLarge: boolean;
  /** Rough wall time (6 FLOPs per parameter per token plus attention, at an assumed CPU rate; see docs/training.md); the live ETA replaces it. */
  seconds: number;
  /** Human-readable notes: why a value was lowered, what the estimate assumes. */
  notes: string[];
}

/** One progress update of a running trainer, parsed from its output. */
export interface TrainingPoint {
  phase: "train" | "val";
  /** 1-based. */
  epoch: number;
  /** Batches done in this phase of this epoch, of `batches`. */
  batch: number;
  batches: number;
  /** Mean loss so far in this phase (null when the trainer printed nan). */
  loss: number | null;
  lossUncertainty: number | null;
  /** Next-token accuracy so far, 0–1. */
  accuracy: number | null;
  elapsedMs: number;
  /** The trainer's ETA for this phase. */
  etaMs: number;
}

/** An epoch's final training loss (and validation loss when there was a validation pass). */
export interface TrainingEpoch {
  epoch: number;
  loss: number | null;
  accuracy: number | null;
  valLoss?: number | null;
  valAccuracy?: number | null;
}

/** What `startTraining`'s job returns (and `tracetune train --json` prints). */
export interface TrainResult {
  /** "llama-finetune" or the LoRA trainer's path. */
  trainer: string;
  /** The trained F32 model or the adapter. */
  out: string;
  kind: "model" | "adapter";
  epochs: TrainingEpoch[];
  /**
   * The output's `<arch>.context_length` read back after patching it to the base model's value (llama-finetune
   * writes the training window there); null for an adapter.
   */
  contextLength: number | null;
  /** The quantised copy for sampling, or null. */
  quantized: string | null;
  base: string;
  /** The corpus or messages file trained on; `rerendered` names the template when the corpus was re-rendered for this base model. */
  data: { file: string; rerendered: string | null };
  /** The exact command line that ran. */
  command: string[];
  estimate: TrainingEstimate;
  elapsedMs: number;
  /** The trainer's last log lines (at most 40; progress updates are not log lines), for the panel's log after the fact. */
  logTail: string[];
  /** The run the result was registered with and the model it now samples from next, or null. */
  registered: { run: string; model: { kind: "model"; path: string; loraAdapters: string[] } } | null;
}

/** What llama-finetune trains on: whole rendered rows, or their assistant turns alone (TrainOptions.corpus). */
export type TrainingCorpus = "chat" | "completions";

/** Training defaults the Settings page edits; stored in `training-settings.json` in the data dir. */
export interface TrainingSettings {
  /** The LoRA trainer binary (the llama-finetune-lora fork or the upstream PR's build), absolute; null when there is none. Default: null. */
  loraTrainerPath: string | null;
  /** Default: 2. */
  epochs: number;
  /** Default: 1e-4. */
  learningRate: number;
  /** Default: "Q8_0". */
  quantize: "Q8_0" | "Q4_0" | "none";
  /** What llama-finetune trains on (TrainOptions.corpus). Default: "chat". */
  corpus: TrainingCorpus;
  lora: LoraSettings;
}

export interface TrainingApi {
  /** The training settings. */
  getTrainingSettings(args?: Record<string, never>): Promise<TrainingSettings>;
  /** Changes training settings (any subset; `lora` merged field by field); a bad value throws `invalid_input` naming the field. */
  updateTrainingSettings(args: { patch: Partial<Omit<TrainingSettings, "lora">> & { lora?: Partial<LoraSettings> } }): Promise<TrainingSettings>;
  /** Memory and time estimate for `options` without training. Throws `training_input_invalid` naming a missing file. */
  estimateTraining(args: TrainOptions): Promise<TrainingEstimate>;
  /**
   * Trains as a job ("training.train", progress = batches over all epochs, with the trainer's ETA); the job's
   * result is a TrainResult. Live points and log lines arrive as `training` events. Cancelling kills the
   * trainer. Refuses with `training_too_large` (before starting anything) when the estimate exceeds the
   * machine's memory unless `force`; fails with `training_failed` carrying the trainer's last lines.
   */
  startTraining(args: TrainOptions): Promise<{ jobId: string }>;
}

export const trainingMethods = {
  getTrainingSettings: true,
  updateTrainingSettings: true,
  estimateTraining: true,
  startTraining: true,
} as const satisfies Record<keyof TrainingApi, true>;
