import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type RequestRejection = { status: 401 | 403; code: "bad_token" | "bad_host" | "bad_origin"; message: string };

export const TOKEN_COOKIE = "tracetune_token";

/**
 * The web host's gate, applied to every HTTP request and WebSocket upgrade:
 * - Host must be the loopback name and port we listen on (stops DNS rebinding),
 * - Origin, when a browser sends one, must be that same origin (stops other sites' pages),
 * - the per-launch token must come as `Authorization: Bearer`, the `token` query parameter, or the cookie
 *   the host set after the first tokened visit.
 */
export function checkRequest(request: IncomingMessage, options: { token: string; port: number }): RequestRejection | null {
  const allowedHosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`, `[::1]:${options.port}`]);
  const host = request.headers.host ?? "";
  if (!allowedHosts.has(host)) return { status: 403, code: "bad_host", message: `Host "${host}" is not this loopback server.` };
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ""))) {
    return { status: 403, code: "bad_origin", message: `Origin "${origin}" may not call this server.` };
  }
  const presented = presentedToken(request);
  if (presented === null || !tokensMatch(presented, options.token)) {
    return { status: 401, code: "bad_token", message: "Missing or wrong access token: open the URL that `tracetune serve` printed." };
  }
  return null;
}

export function presentedToken(request: IncomingMessage): string | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length).trim();
  const url = new URL(request.url ?? "/", "http://placeholder");
  const fromQuery = url.searchParams.get("token");
  if (fromQuery) return fromQuery;
  const cookie = request.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${TOKEN_COOKIE}=([^;]+)`).exec(cookie);
  return match ? decodeURIComponent(match[1]) : null;
}

function tokensMatch(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
