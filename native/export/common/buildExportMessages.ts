import type { RoundSampleRecord } from "../../api/roundTypes.js";

/** A chat message as trainers read it (`{"role", "content"}`). */
export interface ExportMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * The assistant turn a row trains: the rationale, then the fixed program in one fenced Python block, the shape
 * the repair parser reads back (native/repair/parseCompletion.ts; tests check the round trip). The sample's raw
 * completion is not used: it may carry template debris or text after the program.
 */
export function formatAssistantTurn(options: { rationale: string; code: string }): string {
  const rationale = options.rationale.trim();
  const code = options.code.replace(/\s+$/, "");
  return `${rationale ? `${rationale}\n\n` : ""}\`\`\`python\n${code}\n\`\`\``;
}

/**
 * One row's messages: [system?, user (the prompt as sent, or as rebuilt without the trace), assistant (rationale
 * and fix)], the assistant turn last, the shape MLX-LM, TRL and axolotl all accept. `systemPrompt` replaces any
 * system message of the prompt; earlier turns of the prompt (few-shot examples) are kept as they were sent.
 */
export function buildExportMessages(options: {
  record: Pick<RoundSampleRecord, "prompt" | "rationale" | "code">;
  /** The prompt to use instead of the record's (the no-trace prompt); default: the record's prompt as sent. */
  prompt?: ReadonlyArray<{ role: string; content: string }>;
  systemPrompt?: string | null;
}): ExportMessage[] {
  const { record, systemPrompt = null } = options;
  const prompt = (options.prompt ?? record.prompt).map((message) => ({ role: message.role as ExportMessage["role"], content: message.content }));
  const turns = systemPrompt === null ? prompt : [{ role: "system" as const, content: systemPrompt }, ...prompt.filter((message) => message.role !== "system")];
  return [...turns, { role: "assistant", content: formatAssistantTurn(record) }];
}

/** The prompt/completion shape (completion-only loss): the prompt's messages, and the assistant turn alone. */
export function toPromptCompletion(messages: readonly ExportMessage[]): { prompt: ExportMessage[]; completion: ExportMessage[] } {
  return { prompt: messages.slice(0, -1), completion: messages.slice(-1) };
}
