import type { Trace } from "../../python/common/traceTypes.js";
import { formatException } from "./collectLineStates.js";

/** How a traced call ended, in words: "returned 3", "raised ValueError: bad", "stopped (timeout)". */
export function describeOutcome(trace: Trace): string {
  if (trace.exception) return `raised ${formatException(trace.exception)}`;
  if (trace.truncated) return `stopped (${trace.reason ?? "limit"})`;
  return `returned ${trace.returned ?? "None"}`;
}
