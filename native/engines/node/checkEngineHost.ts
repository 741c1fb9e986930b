import { isLoopbackHost } from "../../offline/isLoopbackHost.js";

/**
 * Whether tracetune may call an engine on `host:port`: loopback always; anything else only when the user
 * listed it in `engines.allowedHosts` ("host" allows every port, "host:port" or "[v6]:port" one). The
 * engine URL never adds to that list by itself.
 */
export function isEngineHostAllowed(host: string, port: number, allowedHosts: readonly string[]): boolean {
  if (isLoopbackHost(host)) return true;
  return allowedHosts.some((entry) => {
    const allowed = parseAllowedHost(entry);
    return allowed !== null && allowed.host === host && (allowed.port === null || allowed.port === port);
  });
}

/** "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address (no port); null when malformed. */
export function parseAllowedHost(entry: string): { host: string; port: number | null } | null {
  const text = entry.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : null };
  if ((text.match(/:/g) ?? []).length > 1) return /^[0-9a-f:.]+$/.test(text) ? { host: text, port: null } : null;
  const plain = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  return plain ? { host: plain[1], port: plain[2] ? Number(plain[2]) : null } : null;
}
