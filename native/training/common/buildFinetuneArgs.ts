/** What upstream `llama-finetune` is told; every field is required here (defaults are decided by the caller). */
export interface FinetuneArgsOptions {
  model: string;
  corpus: string;
  out: string;
  contextSize: number;
  epochs: number;
  learningRate: number;
  valSplit: number;
  threads: number;
}

/**
 * The command line for upstream llama.cpp `llama-finetune` (examples/training/finetune.cpp, v0.4.0): one
 * plain-text file, windows of `-c` tokens with `-b` and `-ub` equal to it (the tool requires one sequence per
 * batch), AdamW, the learning rate, epochs, the validation share and the output file.
 */
export function buildFinetuneArgs(options: FinetuneArgsOptions): string[] {
  const { model, corpus, out, contextSize, epochs, learningRate, valSplit, threads } = options;
  const window = String(contextSize);
  return [
    "-m", model,
    "-f", corpus,
    "-c", window, "-b", window, "-ub", window,
    "-opt", "adamw",
    "-lr", String(learningRate),
    "-epochs", String(epochs),
    "-val-split", String(valSplit),
    "-t", String(threads),
    "-o", out,
  ];
}
