import { TracetuneError } from "../../common/TracetuneError.js";

/** A render setting or a trace given to the renderer is malformed; the message names the field. */
export class InvalidTraceRenderInputError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("invalid_trace_render_input", message, details);
  }
}
