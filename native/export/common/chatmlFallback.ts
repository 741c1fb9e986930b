/**
 * The template an export falls back to when no model template is available (no `--model`, and the rounds
 * sampled from a serving engine or a file that is gone): ChatML, the format most instruction-tuned open
 * models and all three external trainers understand. Token counts are then estimated (characters / 4) and
 * the manifest says so (`template.isFallback`, `tokenizer: "estimate"`).
 */
export const chatmlFallbackTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** Characters per token of the fallback estimate (a common rule of thumb for English and code). */
export const estimatedCharsPerToken = 4;
