import { LlamaText, resolveChatWrapper, type ChatHistoryItem, type LlamaModel, type Token } from "node-llama-cpp";
import type { ChatMessage } from "./SamplingBackend.js";

/**
 * Renders chat messages with the model's own chat template (node-llama-cpp resolves the wrapper from the
 * file's Jinja template or its architecture), ending with an open assistant turn. Plain-text stop triggers
 * of the wrapper are returned so they end a completion too; special-token triggers are end-of-generation
 * tokens already.
 */
export function renderChatPrompt(options: { model: LlamaModel; messages: readonly ChatMessage[] }): { tokens: Token[]; stop: string[]; wrapper: string } {
  const { model, messages } = options;
  const wrapper = resolveChatWrapper(model);
  const chatHistory: ChatHistoryItem[] = messages.map((message) =>
    message.role === "assistant" ? { type: "model", response: [message.content] } : { type: message.role, text: message.content },
  );
  chatHistory.push({ type: "model", response: [] });
  const state = wrapper.generateContextState({ chatHistory });
  const stop = state.stopGenerationTriggers
    .filter((trigger) => trigger.values.every((value) => typeof value === "string"))
    .map((trigger) => LlamaText(trigger).toString())
    .filter((text) => text !== "");
  return { tokens: state.contextText.tokenize(model.tokenizer), stop, wrapper: wrapper.wrapperName };
}
