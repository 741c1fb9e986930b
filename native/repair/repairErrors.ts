import { TracetuneError } from "../common/TracetuneError.js";

/** The buggy program passes every test: there is no failure to show or to fix. */
export class NothingToRepairError extends TracetuneError {
  constructor(where: string) {
    super("nothing_to_repair", `${where} passes all its tests: there is nothing to repair.`, { where });
  }
}

/** Even with the trace cut to nothing, the prompt and the room for the answer exceed the model's context. */
export class PromptTooLongError extends TracetuneError {
  constructor(details: { promptTokens: number; maxTokens: number; contextSize: number }) {
    super(
      "prompt_too_long",
      `The repair prompt (${details.promptTokens} tokens) plus the answer's room (maxTokens ${details.maxTokens}) exceeds the context size (${details.contextSize}); use fewer exemplars (fewShot), a lower maxTokens, or a larger contextSize.`,
      { ...details, field: "maxTokens" },
    );
  }
}

/** A prompt template id with no file in resources/prompts, or a template file that is malformed. */
export class PromptTemplateError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("invalid_prompt_template", message, details);
  }
}
