import { InvalidInputError } from "../common/TracetuneError.js";
import type { SampleRequest } from "./SamplingBackend.js";

/** A request with every default filled in (see SampleRequest's JSDoc for them). */
export type ResolvedSampleRequest = Required<Omit<SampleRequest, "prompt" | "messages" | "grammar">> & Pick<SampleRequest, "prompt" | "messages" | "grammar">;

/** Largest k one call may ask for; bigger rounds should be split by the caller. */
const MAX_K = 1024;

/**
 * Checks a sample request at the boundary and fills defaults. Throws `invalid_input` naming the field.
 * The default seed is random, drawn once per request, so its completions still get distinct seeds.
 */
export function validateSampleRequest(request: SampleRequest): ResolvedSampleRequest {
  if (request === null || typeof request !== "object") throw new InvalidInputError("The sample request must be an object.", { field: "request" });
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new InvalidInputError(`Field "${field}" of the sample request must be ${expected}, got ${JSON.stringify(value)}.`, { field });
  };
  const hasPrompt = request.prompt !== undefined;
  const hasMessages = request.messages !== undefined;
  if (hasPrompt === hasMessages) throw new InvalidInputError('A sample request needs exactly one of "prompt" and "messages".', { field: hasPrompt ? "messages" : "prompt" });
  if (hasPrompt && (typeof request.prompt !== "string" || request.prompt === "")) fail("prompt", "a non-empty string", request.prompt);
  if (hasMessages) {
    if (!Array.isArray(request.messages) || request.messages.length === 0) fail("messages", "a non-empty array", request.messages);
    request.messages!.forEach((message, i) => {
      if (!message || !["system", "user", "assistant"].includes(message.role)) fail(`messages[${i}].role`, '"system", "user" or "assistant"', message?.role);
      if (typeof message.content !== "string") fail(`messages[${i}].content`, "a string", message.content);
    });
  }
  const integer = (field: keyof SampleRequest, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(field, `an integer from ${min} to ${max}`, value);
    return value as number;
  };
  const k = integer("k", request.k, 1, MAX_K);
  const temperature = request.temperature ?? 0.8;
  if (typeof temperature !== "number" || !(temperature >= 0) || temperature > 10) fail("temperature", "a number from 0 to 10", temperature);
  const topP = request.topP ?? 0.95;
  if (typeof topP !== "number" || !(topP > 0 && topP <= 1)) fail("topP", "a number in (0, 1]", topP);
  const topK = integer("topK", request.topK ?? 40, 0);
  const maxTokens = integer("maxTokens", request.maxTokens ?? 256, 1);
  const seed = integer("seed", request.seed ?? Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1 - k);
  const stop = request.stop ?? [];
  if (!Array.isArray(stop) || stop.some((s) => typeof s !== "string" || s === "")) fail("stop", "an array of non-empty strings", stop);
  if (request.grammar !== undefined && (typeof request.grammar !== "string" || request.grammar.trim() === "")) fail("grammar", "a GBNF grammar string", request.grammar);
  return { prompt: request.prompt, messages: request.messages, grammar: request.grammar, k, temperature, topP, topK, maxTokens, seed, stop };
}
