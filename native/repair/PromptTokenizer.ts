import type { ChatMessage } from "../sampling/SamplingBackend.js";
import { renderChatPrompt } from "../sampling/renderChatPrompt.js";
import type { LocalSamplingBackend } from "../sampling/LocalSamplingBackend.js";
import { estimateTokens } from "../trace/common/estimateTokens.js";

/** Counts prompt tokens as the sampling backend will see them. */
export interface PromptTokenizer {
  /** "model" for the loaded model's tokenizer, "estimate" otherwise. */
  name: string;
  countText(text: string): number;
  /** The messages rendered as the model sees them, and their token count. */
  renderMessages(messages: readonly ChatMessage[]): { text: string; tokens: number };
}

/** The loaded model's own tokenizer and chat template: exact. */
export function modelPromptTokenizer(backend: LocalSamplingBackend): PromptTokenizer {
  return {
    name: "model",
    countText: (text) => backend.tokenize(text).length,
    renderMessages(messages) {
      const { tokens } = renderChatPrompt({ model: backend.model, messages });
      return { text: backend.model.detokenize(tokens, true), tokens: tokens.length };
    },
  };
}

/** Chat-template overhead assumed per message when the template is the server's (role markers, newlines). */
const ESTIMATED_TOKENS_PER_MESSAGE = 8;

/**
 * The documented estimate (UTF-8 bytes / 2.5, docs/trace-format.md) for a serving engine, whose template and
 * tokenizer are on the server; `text` shows the messages with their roles, not the server's exact rendering.
 */
export const estimatePromptTokenizer: PromptTokenizer = {
  name: "estimate",
  countText: estimateTokens,
  renderMessages(messages) {
    const text = messages.map((message) => `<|${message.role}|>\n${message.content}\n`).join("");
    return { text, tokens: messages.reduce((sum, message) => sum + estimateTokens(message.content) + ESTIMATED_TOKENS_PER_MESSAGE, 0) };
  },
};
