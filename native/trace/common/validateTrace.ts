import type { Trace } from "../../python/common/traceTypes.js";
import { InvalidTraceRenderInputError } from "./TraceRenderError.js";

const EVENTS = new Set(["line", "call", "return", "exception"]);

/**
 * Checks the fields the renderer relies on, so a trace from a file or another process fails with the step
 * and field named instead of rendering nonsense.
 */
export function validateTrace(trace: unknown): Trace {
  const fail = (message: string, field: string) => {
    throw new InvalidTraceRenderInputError(`Invalid trace: ${message}.`, { field });
  };
  if (typeof trace !== "object" || trace === null) fail("expected an object", "trace");
  const candidate = trace as Partial<Trace>;
  if (typeof candidate.call !== "string") fail(`"call" must be a string`, "call");
  if (!Array.isArray(candidate.steps)) fail(`"steps" must be an array`, "steps");
  candidate.steps!.forEach((step, index) => {
    const at = `steps[${index}]`;
    if (typeof step !== "object" || step === null) fail(`${at} must be an object`, at);
    if (!Number.isInteger(step.line)) fail(`${at}.line must be a whole number`, `${at}.line`);
    if (!EVENTS.has(step.event)) fail(`${at}.event must be one of line, call, return, exception (got ${JSON.stringify(step.event)})`, `${at}.event`);
    if (!Number.isInteger(step.frameId)) fail(`${at}.frameId must be a whole number`, `${at}.frameId`);
    if (!Number.isInteger(step.depth)) fail(`${at}.depth must be a whole number`, `${at}.depth`);
    if (typeof step.changed !== "object" || step.changed === null) fail(`${at}.changed must be an object`, `${at}.changed`);
    for (const [name, repr] of Object.entries(step.changed)) if (typeof repr !== "string") fail(`${at}.changed.${name} must be a string`, `${at}.changed`);
    if (step.returned !== undefined && typeof step.returned !== "string") fail(`${at}.returned must be a string`, `${at}.returned`);
  });
  if (candidate.exception !== undefined && (typeof candidate.exception !== "object" || candidate.exception === null || typeof candidate.exception.type !== "string")) {
    fail(`"exception" must be an object with a string "type"`, "exception");
  }
  return candidate as Trace;
}
