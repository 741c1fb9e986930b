import type { ApiEvent, TracetuneApi } from "../../../native/api/index";
import { createPreloadTransport, createWebTransport, type ApiTransport } from "./transport";

export type ApiClient = TracetuneApi & { subscribe(listener: (event: ApiEvent) => void): () => void };

/**
 * One generic client for the whole contract: a Proxy that turns `client.someMethod(args)` into a transport
 * call. The core refuses unknown names (`unknown_method`), so the renderer needs no copy of the method list.
 */
export function createApiClient(transport: ApiTransport): ApiClient {
  return new Proxy({} as ApiClient, {
    get(_target, property) {
      if (property === "subscribe") return transport.subscribe;
      if (typeof property !== "string" || property === "then") return undefined;
      return (args?: unknown) => transport.call(property, args ?? {});
    },
  });
}

export const api: ApiClient = createApiClient(window.tracetune ? createPreloadTransport(window.tracetune) : createWebTransport());
