import dgram from "node:dgram";
import net from "node:net";
import type { AllowedEndpoint, CoreEgressReport, EgressConnection } from "../api/offlineTypes.js";
import { TracetuneError } from "../common/TracetuneError.js";
import { isLoopbackHost } from "./isLoopbackHost.js";

export class EgressBlockedError extends TracetuneError {
  constructor(host: string, port: number | null) {
    super("egress_blocked", `Refused an outbound connection to ${host}${port === null ? "" : `:${port}`}: tracetune never leaves this machine.`, { host, port });
  }
}

const RECENT_KEPT = 100;

/**
 * Watches (and refuses) outbound connections made by this process, by wrapping the one place every TCP
 * and TLS client connection passes through (`net.Socket.prototype.connect`, which `http`, `https`, `tls`
 * and Node's `fetch` all use) and UDP `send`/`connect`. Loopback is allowed and counted; so is a TCP
 * connection to an endpoint on the allow-list (the user's `engines.allowedHosts`, resolved once and pinned:
 * a connection by name gets the pinned addresses through its `lookup`, so a later DNS answer cannot move it
 * elsewhere); anything else is destroyed before it connects and counted as blocked. Installed once per process.
 */
export class EgressMonitor {
  private static installed: EgressMonitor | null = null;
  private readonly since = new Date().toISOString();
  private readonly recent: EgressConnection[] = [];
  private counts = { total: 0, loopback: 0, nonLoopback: 0, allowed: 0 };
  private allowList: AllowedEndpoint[] = [];

  static install(): EgressMonitor {
    if (EgressMonitor.installed) return EgressMonitor.installed;
    const monitor = new EgressMonitor();
    monitor.patchTcp();
    monitor.patchUdp();
    EgressMonitor.installed = monitor;
    return monitor;
  }

  report(): CoreEgressReport {
    return { since: this.since, ...this.counts, allowList: this.allowList.map((endpoint) => ({ ...endpoint, addresses: [...endpoint.addresses] })), recent: [...this.recent] };
  }

  /**
   * Replaces the allow-list. Each endpoint carries the addresses its host resolved to when it was pinned; a
   * connection is allowed only to those addresses (by address, or by the host name, which then resolves to
   * them and nothing else) and only on the endpoint's port (any port when null). UDP stays loopback-only.
   */
  setAllowList(endpoints: readonly AllowedEndpoint[]): void {
    this.allowList = endpoints.map((endpoint) => ({ ...endpoint, host: endpoint.host.toLowerCase(), addresses: endpoint.addresses.map((a) => a.toLowerCase()) }));
  }

  /** The allow-list endpoint a TCP connection to `host:port` may use, if any. */
  private allowedEndpoint(host: string, port: number | null): { endpoint: AllowedEndpoint; byName: boolean } | null {
    const wanted = host.toLowerCase().replace(/^\[|\]$/g, "");
    for (const endpoint of this.allowList) {
      if (endpoint.addresses.length === 0 || (endpoint.port !== null && endpoint.port !== port)) continue;
      if (endpoint.addresses.includes(wanted)) return { endpoint, byName: false };
      if (endpoint.host === wanted) return { endpoint, byName: true };
    }
    return null;
  }

  private record(protocol: "tcp" | "udp", host: string, port: number | null, isAllowed = false): EgressConnection {
    const isLoopback = isLoopbackHost(host);
    const connection: EgressConnection = { at: new Date().toISOString(), protocol, host, port, isLoopback, isAllowed: !isLoopback && isAllowed, isBlocked: !isLoopback && !isAllowed };
    this.counts.total += 1;
    if (isLoopback) this.counts.loopback += 1;
    else this.counts.nonLoopback += 1;
    if (connection.isAllowed) this.counts.allowed += 1;
    this.recent.push(connection);
    if (this.recent.length > RECENT_KEPT) this.recent.shift();
    return connection;
  }

  private patchTcp(): void {
    const monitor = this;
    const originalConnect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;
    net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
      const target = describeTcpTarget(args);
      if (target) {
        const allowed = isLoopbackHost(target.host) ? null : monitor.allowedEndpoint(target.host, target.port);
        if (allowed?.byName) pinLookup(args, allowed.endpoint.addresses);
        const connection = monitor.record("tcp", target.host, target.port, allowed !== null);
        if (connection.isBlocked) {
          const error = new EgressBlockedError(target.host, target.port);
          process.nextTick(() => this.destroy(error));
          return this;
        }
      }
      return originalConnect.apply(this, args);
    } as typeof net.Socket.prototype.connect;
  }

  private patchUdp(): void {
    const monitor = this;
    const proto = dgram.Socket.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originalSend = proto.send;
    const originalConnect = proto.connect;
    proto.send = function patchedSend(this: dgram.Socket, ...args: unknown[]) {
      // send(msg, [offset, length,] port, address?, callback?)
      const numbers = args.filter((arg): arg is number => typeof arg === "number");
      const port = numbers.length >= 3 ? numbers[2] : numbers[0] ?? null;
      const address = args.find((arg, index) => index > 0 && typeof arg === "string") as string | undefined;
      if (address !== undefined || port !== null) {
        const connection = monitor.record("udp", address ?? "localhost", port);
        if (connection.isBlocked) throw new EgressBlockedError(connection.host, port);
      }
      return originalSend.apply(this, args);
    };
    proto.connect = function patchedConnect(this: dgram.Socket, ...args: unknown[]) {
      const port = typeof args[0] === "number" ? args[0] : null;
      const address = typeof args[1] === "string" ? args[1] : "localhost";
      const connection = monitor.record("udp", address, port);
      if (connection.isBlocked) throw new EgressBlockedError(address, port);
      return originalConnect.apply(this, args);
    };
  }
}

/**
 * Makes a connection by host name resolve to the pinned addresses only: sets the `lookup` of its options
 * object (the one Node's `net` consults instead of DNS).
 */
function pinLookup(args: unknown[], addresses: readonly string[]): void {
  const options = (Array.isArray(args[0]) ? args[0][0] : args[0]) as Record<string, unknown> | undefined;
  if (!options || typeof options !== "object") return;
  const pinned = addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  options.lookup = (_host: string, lookupOptions: { all?: boolean } | number | undefined, callback: (...result: unknown[]) => void) => {
    const done = typeof lookupOptions === "function" ? (lookupOptions as unknown as typeof callback) : callback;
    if (typeof lookupOptions === "object" && lookupOptions?.all) done(null, pinned);
    else done(null, pinned[0].address, pinned[0].family);
  };
}

/** Pulls host and port out of the many call shapes of `socket.connect`; null for IPC paths (not network). */
function describeTcpTarget(args: unknown[]): { host: string; port: number | null } | null {
  let first = args[0];
  // Node passes [options, callback] packed into one array through its internal normalizeArgs.
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === "object") {
    const options = first as { host?: string; port?: number | string; path?: string };
    if (options.path) return null;
    return { host: options.host ?? "localhost", port: options.port === undefined ? null : Number(options.port) };
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    return { host: typeof args[1] === "string" ? args[1] : "localhost", port: Number(first) };
  }
  if (typeof first === "string") return null; // a Unix socket or named pipe path
  return null;
}
