import type { RoundSampleRecord } from "../../api/roundTypes.js";

/** A chat message as trainers read it (`{"role", "content"}`). */
export interface ExportMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * One row's messages: [system?, user (the prompt as sent, or as rebuilt without the trace), assistant (rationale
 * and fix, never the raw completion, which may carry template debris or text after the program)], the assistant turn last, the shape MLX-LM, TRL and axolotl all accept. `systemPrompt` replaces any
 * system message of the prompt; earlier turns of the prompt (few-shot examples) are kept as they were sent.
 */
export function buildExportMessages(options: {
  record: Pick<RoundSampleRecord, "prompt">;
  /** The assistant turn: the rationale and the fixed program in the prompt template's answer format. */
  answer: string;
  /** The prompt to use instead of the record's (the no-trace prompt); default: the record's prompt as sent. */
  prompt?: ReadonlyArray<{ role: string; content: string }>;
  systemPrompt?: string | null;
}): ExportMessage[] {
  const { record, answer, systemPrompt = null } = options;
  const prompt = (options.prompt ?? record.prompt).map((message) => ({ role: message.role as ExportMessage["role"], content: message.content }));
  const turns = systemPrompt === null ? prompt : [{ role: "system" as const, content: systemPrompt }, ...prompt.filter((message) => message.role !== "system")];
  return [...turns, { role: "assistant", content: answer }];
}

/** The prompt/completion shape (completion-only loss): the prompt's messages, and the assistant turn alone. */
export function toPromptCompletion(messages: readonly ExportMessage[]): { prompt: ExportMessage[]; completion: ExportMessage[] } {
  return { prompt: messages.slice(0, -1), completion: messages.slice(-1) };
}
