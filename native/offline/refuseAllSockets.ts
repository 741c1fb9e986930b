import dgram from "node:dgram";
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import { TracetuneError } from "../common/TracetuneError.js";

export class SocketRefusedError extends TracetuneError {
  constructor(what: string) {
    super("socket_refused", `Refused ${what}: the Python sandbox has no network.`, { what });
  }
}

/** One refused attempt, as passed to `onRefused`. */
export interface RefusedSocket {
  /** e.g. "tcp connect", "tcp listen", "udp send", "dns lookup". */
  kind: string;
  /** Host (or socket path) and port when the call named them. */
  target: string;
}

/**
 * For a process that needs no network at all (the Python sandbox): refuses every socket this thread's
 * JavaScript tries to open, loopback and Unix sockets included, and every DNS query, before anything is sent.
 * Wraps the places every client and server socket passes through (`net.Socket.prototype.connect`, which `http`,
 * `https`, `tls`, `http2` and `fetch` use; `net.Server.prototype.listen`; `dgram.Socket`'s bind/send/connect)
 * and the `dns` functions, then pins them (not writable, not configurable). A worker thread has its own copy of
 * every module, so this must run in each thread (the sandbox preloads it with --import, which Node runs in every
 * worker too). Not covered: wrapping an already open file descriptor (`new net.Socket({fd})`).
 */
export function refuseAllSockets({ onRefused = () => {} }: {
  /** Called for each refused attempt (the sandbox counts them). Default: nothing. */
  onRefused?: (attempt: RefusedSocket) => void;
} = {}): void {
  const refuse = (kind: string, target: string) => {
    try {
      onRefused({ kind, target });
    } catch {
      // counting must never let a socket through
    }
    return new SocketRefusedError(`${kind} ${target}`.trim());
  };

  pin(net.Socket.prototype, "connect", function refusedConnect(this: net.Socket, ...args: unknown[]) {
    const error = refuse("tcp connect", describeTarget(args));
    // Errors of connect() arrive as an 'error' event, as callers of net/http/tls expect.
    process.nextTick(() => this.destroy(error));
    return this;
  });
  pin(net.Server.prototype, "listen", function refusedListen(...args: unknown[]) {
    throw refuse("tcp listen", describeTarget(args));
  });
  const udp = dgram.Socket.prototype as unknown as Record<string, unknown>;
  for (const method of ["bind", "send", "sendto", "connect"]) {
    pin(udp, method, function refusedUdp(...args: unknown[]) {
      // send(msg, [offset, length,] port, address): the message comes first.
      throw refuse(`udp ${method}`, describeTarget(method.startsWith("send") ? args.slice(1) : args));
    });
  }

  // A DNS query is itself egress (the name is the message), so lookups are refused too.
  const resolvers = [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype] as unknown as Array<Record<string, unknown>>;
  for (const resolver of resolvers) {
    for (const key of Object.getOwnPropertyNames(resolver)) {
      if (typeof resolver[key] !== "function" || !/^(lookup|resolve|reverse)/.test(key)) continue;
      pin(resolver, key, function refusedDns(...args: unknown[]) {
        throw refuse(`dns ${key}`, typeof args[0] === "string" ? args[0] : "");
      });
    }
  }
  // `import { lookup } from "node:dns"` reads a copy of the exports made at start-up: bring it up to date.
  syncBuiltinESMExports();
}

function pin(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: false, configurable: false });
}

/** "host:port" or a socket path from the many call shapes of connect/listen/send; "" when none is named. */
function describeTarget(args: unknown[]): string {
  let first = args[0];
  // Node passes [options, callback] packed into one array through its internal normalizeArgs.
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === "object") {
    const options = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof options.path === "string") return options.path;
    return `${String(options.host ?? "localhost")}:${String(options.port ?? "")}`;
  }
  const strings = args.filter((arg): arg is string => typeof arg === "string");
  const numbers = args.filter((arg): arg is number => typeof arg === "number");
  if (typeof first === "string" && !/^\d+$/.test(first)) return first;
  return `${strings.find((arg) => !/^\d+$/.test(arg)) ?? "localhost"}:${numbers.at(-1) ?? (typeof first === "string" ? first : "")}`;
}
