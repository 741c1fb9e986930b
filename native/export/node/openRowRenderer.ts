import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { ChatMLChatWrapper, LlamaText, resolveChatWrapper, SpecialTokensText, type ChatHistoryItem, type ChatWrapper, type LlamaModel } from "node-llama-cpp";
import type { ExportManifest } from "../../api/exportApi.js";
import { loadLlama } from "../../models/loadLlama.js";
import { readModelInfo } from "../../models/readModelInfo.js";
import { chatmlFallbackTemplate, estimatedCharsPerToken } from "../common/chatmlFallback.js";
import type { ExportMessage } from "../common/buildExportMessages.js";

/** One row rendered for `llamacpp/corpus.txt` and counted with the model's tokenizer (as sampling sees it). */
export interface RenderedRow {
  /** The row as plain text for llama-finetune: special-token texts written out, BOS left to the trainer. */
  text: string;
  /** The assistant turn alone (its end-of-turn token and the row's newline included): `text` minus its prompt, for `llamacpp/completions.txt`. */
  completionText: string;
  tokens: number;
  promptTokens: number;
  completionTokens: number;
}

export interface RowRenderer {
  template: ExportManifest["template"];
  /** The Jinja text written to `llamacpp/chat_template.jinja`. */
  templateText: string;
  tokenizer: ExportManifest["tokenizer"];
  model: ExportManifest["model"];
  render(messages: readonly ExportMessage[]): RenderedRow;
  /** Tokens of a corpus as upstream llama-finetune counts them (plain text, no special-token parsing). */
  countCorpusTokens(text: string): number;
  dispose(): Promise<void>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** sha256 of a whole file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * A row renderer over a model's own chat template and tokenizer (node-llama-cpp resolves the wrapper exactly
 * as sampling does, `native/sampling/renderChatPrompt.ts`), or over the ChatML fallback with estimated counts
 * when `modelFile` is null. The model is loaded vocabulary-only: no weights, no context.
 */
export async function openRowRenderer(options: { modelFile: string | null }): Promise<RowRenderer> {
  if (!options.modelFile) return fallbackRenderer();
  const { info } = await readModelInfo({ file: options.modelFile });
  const llama = await loadLlama({ gpu: "cpu" });
  const model = await llama.loadModel({ modelPath: info.path, vocabOnly: true });
  const wrapper = resolveChatWrapper(model);
  const fileTemplate = info.chatTemplate.template;
  const templateText = fileTemplate ?? chatmlFallbackTemplate;
  return {
    template: {
      source: fileTemplate ? "model" : "chatml-fallback",
      id: `${wrapper.wrapperName}:${sha256(templateText).slice(0, 12)}`,
      hash: sha256(templateText),
      isFallback: !fileTemplate,
    },
    templateText,
    tokenizer: "model",
    model: { file: info.path, fileHash: await hashFile(info.path), name: info.name, architecture: info.architecture, contextLength: info.trainedContextLength },
    render: (messages) => renderWith(wrapper, messages, model),
    countCorpusTokens: (text) => model.tokenize(text, false).length,
    dispose: () => model.dispose(),
  };
}

function fallbackRenderer(): RowRenderer {
  const wrapper = new ChatMLChatWrapper();
  return {
    template: { source: "chatml-fallback", id: `${wrapper.wrapperName}:${sha256(chatmlFallbackTemplate).slice(0, 12)}`, hash: sha256(chatmlFallbackTemplate), isFallback: true },
    templateText: chatmlFallbackTemplate,
    tokenizer: "estimate",
    model: null,
    render: (messages) => renderWith(wrapper, messages, null),
    countCorpusTokens: (text) => Math.ceil(text.length / estimatedCharsPerToken),
    dispose: async () => {},
  };
}

function toHistory(messages: readonly ExportMessage[]): ChatHistoryItem[] {
  return messages.map((message) => (message.role === "assistant" ? { type: "model", response: [message.content] } : { type: message.role, text: message.content }));
}

/** The end of an assistant turn: the wrapper's first stop trigger that is not the bare end-of-sequence token (ChatML: `<|im_end|>`). */
function endOfTurn(wrapper: ChatWrapper, history: ChatHistoryItem[]): LlamaText {
  const { stopGenerationTriggers } = wrapper.generateContextState({ chatHistory: history });
  const triggers = stopGenerationTriggers.map((trigger) => LlamaText(trigger));
  const preferred = triggers.find((text) => text.values.some((value) => value instanceof SpecialTokensText)) ?? triggers[0];
  return preferred ?? LlamaText([]);
}

/** Plain text of a LlamaText for a corpus file: special-token texts as written, builtin special tokens (BOS) dropped except EOS/EOT, written as the model prints them. */
function toCorpusText(text: LlamaText, model: LlamaModel | null): string {
  return text.values.map((value) => {
    if (typeof value === "string") return value;
    if (value instanceof SpecialTokensText) return value.value;
    if (value.value === "BOS") return "";
    if (!model) return "";
    const token = value.value === "EOS" ? model.tokens.eos : value.value === "EOT" ? model.tokens.eot : null;
    return token === null ? "" : model.detokenize([token], true);
  }).join("");
}

function renderWith(wrapper: ChatWrapper, messages: readonly ExportMessage[], model: LlamaModel | null): RenderedRow {
  const last = messages[messages.length - 1];
  if (!last || last.role !== "assistant") throw new Error("an export row must end with an assistant turn");
  const promptHistory = toHistory(messages.slice(0, -1));
  const prompt = wrapper.generateContextState({ chatHistory: [...promptHistory, { type: "model", response: [] }] }).contextText;
  const completion = LlamaText([last.content, endOfTurn(wrapper, promptHistory)]);
  const completionText = toCorpusText(completion, model) + "\n";
  const text = toCorpusText(prompt, model) + completionText;
  const promptTokens = model ? prompt.tokenize(model.tokenizer).length : Math.ceil(toCorpusText(prompt, null).length / estimatedCharsPerToken);
  const completionTokens = model ? completion.tokenize(model.tokenizer).length : Math.ceil(toCorpusText(completion, null).length / estimatedCharsPerToken);
  return { text, completionText, tokens: promptTokens + completionTokens, promptTokens, completionTokens };
}
