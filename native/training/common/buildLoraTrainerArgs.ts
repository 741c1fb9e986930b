import { InvalidInputError } from "../../common/TracetuneError.js";
import type { LoraSettings } from "../../api/trainingApi.js";

/** Modules the `llama-finetune-lora` fork accepts in `--lora-modules` (its parse_lora_modules). */
export const loraModuleNames = ["attn_q", "attn_k", "attn_v", "attn_o", "ffn_gate", "ffn_up", "ffn_down", "output", "all"] as const;

export const defaultLoraSettings: LoraSettings = { rank: 16, alpha: 32, modules: ["attn_q", "attn_k", "attn_v", "attn_o"] };

export interface LoraTrainerArgsOptions {
  model: string;
  /** JSONL of `{"messages": [...]}`, the assistant turn last. */
  messages: string;
  /** The model's chat template (Jinja), so the trainer renders rows exactly as sampling does. */
  chatTemplate: string;
  out: string;
  lora: LoraSettings;
  contextSize: number;
  epochs: number;
  learningRate: number;
  threads: number;
  checkpointDir: string;
}

/**
 * The command line for the `llama-finetune-lora` fork (tetherto/qvac-fabric-llm.cpp, its README's "LoRA
 * Fine-tuning" examples): JSONL chats with `--assistant-loss-only` (loss on assistant tokens only),
 * `--lora-rank/--lora-alpha/--lora-modules`, `--num-epochs`, `--learning-rate`, `--output-adapter`, and
 * checkpoints in `--checkpoint-save-dir`. The template goes through llama.cpp's common option
 * `--chat-template-file` (the fork parses common options too). Throws on a module the fork does not know.
 */
export function buildLoraTrainerArgs(options: LoraTrainerArgsOptions): string[] {
  const { model, messages, chatTemplate, out, lora, contextSize, epochs, learningRate, threads, checkpointDir } = options;
  const unknown = lora.modules.filter((name) => !(loraModuleNames as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidInputError(`Unknown LoRA module(s) ${unknown.join(", ")}; the trainer knows ${loraModuleNames.join(", ")}.`);
  if (!Number.isInteger(lora.rank) || lora.rank < 1 || lora.rank > 512) throw new InvalidInputError(`LoRA rank ${lora.rank} is outside 1-512.`);
  if (!(lora.alpha >= 0.1 && lora.alpha <= 1000)) throw new InvalidInputError(`LoRA alpha ${lora.alpha} is outside 0.1-1000.`);
  const window = String(contextSize);
  return [
    "-m", model,
    "-f", messages,
    "--assistant-loss-only",
    "--chat-template-file", chatTemplate,
    "--lora-rank", String(lora.rank),
    "--lora-alpha", String(lora.alpha),
    "--lora-modules", lora.modules.join(","),
    "-c", window, "-b", window, "-ub", window,
    "--num-epochs", String(epochs),
    "--learning-rate", String(learningRate),
    "-t", String(threads),
    "--checkpoint-save-dir", checkpointDir,
    "--output-adapter", out,
  ];
}
