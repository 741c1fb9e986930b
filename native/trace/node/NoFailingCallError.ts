import { TracetuneError } from "../../common/TracetuneError.js";

/** The tests fail, but no single call written in them can be traced to show it (or the entry point is unknown). */
export class NoFailingCallError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("no_failing_call", message, details);
  }
}
