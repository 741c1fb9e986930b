import type { ApiEvent, PathPickRequest, PathPickResult, WireError } from "../../../native/api/index";

/** How the renderer reaches the core: Electron's preload bridge or the web host's HTTP + WebSocket. */
export interface ApiTransport {
  call(method: string, args: unknown): Promise<unknown>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** Thrown in the renderer for any error the core reported; carries the core's stable code. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly details: Record<string, unknown>) {
    super(message);
    this.name = "ApiError";
  }
  static fromWire(wire: WireError): ApiError {
    return new ApiError(wire.code, wire.message, wire.details ?? {});
  }
}

/** The shape the Electron preload exposes on `window.tracetune` (see electron/preload). */
export interface PreloadBridge {
  call(method: string, args: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: WireError }>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /** The native file or folder dialog (Electron only); the same kind of paths the web host's path field completes. */
  pickPath?(request: PathPickRequest): Promise<PathPickResult>;
}

declare global {
  interface Window {
    tracetune?: PreloadBridge;
  }
}

export function createPreloadTransport(bridge: PreloadBridge): ApiTransport {
  return {
    async call(method, args) {
      const reply = await bridge.call(method, args);
      if (!reply.ok) throw ApiError.fromWire(reply.error);
      return reply.result;
    },
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

/** Web host: the session cookie set from the URL's token authorises both fetch and the WebSocket. */
export function createWebTransport(): ApiTransport {
  const listeners = new Set<(event: ApiEvent) => void>();
  let socket: WebSocket | null = null;
  const connect = () => {
    socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/events`);
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as ApiEvent;
      for (const listener of listeners) listener(event);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, 1000);
    };
  };
  return {
    async call(method, args) {
      const response = await fetch("/api/call", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ method, args: args ?? {} }),
      });
      const reply = (await response.json()) as { ok: true; result: unknown } | { ok: false; error: WireError };
      if (!reply.ok) throw ApiError.fromWire(reply.error);
      return reply.result;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
