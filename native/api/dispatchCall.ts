import { TracetuneError } from "../common/TracetuneError.js";
import { apiMethodNames, type ApiMethodName, type TracetuneApi } from "./contract.js";

export class UnknownMethodError extends TracetuneError {
  constructor(method: string) {
    super("unknown_method", `Unknown API method "${method}".`, { method, known: [...apiMethodNames] });
  }
}

const knownMethods = new Set<string>(apiMethodNames);

export function isApiMethodName(name: unknown): name is ApiMethodName {
  return typeof name === "string" && knownMethods.has(name);
}

/**
 * Calls one API method by name, as every transport does. Refuses names outside the contract (including
 * inherited ones such as "constructor") and arguments that are not one plain object.
 */
export async function dispatchCall(api: TracetuneApi, method: unknown, args: unknown): Promise<unknown> {
  if (!isApiMethodName(method)) throw new UnknownMethodError(String(method));
  if (args !== undefined && args !== null && (typeof args !== "object" || Array.isArray(args))) {
    throw new TracetuneError("invalid_input", `Arguments of "${method}" must be one object.`, { method });
  }
  const call = api[method] as (a: unknown) => Promise<unknown>;
  return call.call(api, args ?? {});
}
