import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type RequestRejection = { status: 401 | 403; code: "bad_token" | "bad_host" | "bad_origin"; message: string };

/**
 * The session cookie's name, one per instance. Browsers do not scope cookies by port, so one fixed name
 * would let two hosts on different ports overwrite each other's cookie. The cookie is still sent to every
 * other service on 127.0.0.1 (no cookie attribute can stop that over plain http), which is why its value is
 * a per-launch session secret, not the printed token, and it dies with the host.
 */
export function sessionCookieName(port: number): string {
  return `tracetune_session_${port}`;
}

/**
 * The web host's gate, applied to every HTTP request and WebSocket upgrade:
 * - Host must be the loopback name and port we listen on (stops DNS rebinding),
 * - Origin, when a browser sends one, must be that same origin (stops other sites' pages),
 * - the request must carry the per-launch token as `Authorization: Bearer`, or this instance's session
 *   cookie; the token in the `token` query parameter counts only where `isQueryTokenAllowed` (the first page
 *   load, which trades it for the cookie), never on API calls or the WebSocket.
 */
export function checkRequest(
  request: IncomingMessage,
  options: { token: string; sessionSecret: string; port: number; isQueryTokenAllowed: boolean },
): RequestRejection | null {
  const allowedHosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`, `[::1]:${options.port}`]);
  const host = request.headers.host ?? "";
  if (!allowedHosts.has(host)) return { status: 403, code: "bad_host", message: `Host "${host}" is not this loopback server.` };
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ""))) {
    return { status: 403, code: "bad_origin", message: `Origin "${origin}" may not call this server.` };
  }
  const bearer = bearerToken(request);
  const fromQuery = options.isQueryTokenAllowed ? queryToken(request) : null;
  const fromCookie = sessionCookie(request, options.port);
  const isAuthorised =
    (bearer !== null && secretsMatch(bearer, options.token)) ||
    (fromQuery !== null && secretsMatch(fromQuery, options.token)) ||
    (fromCookie !== null && secretsMatch(fromCookie, options.sessionSecret));
  if (!isAuthorised) {
    return { status: 401, code: "bad_token", message: "Missing or wrong access token: open the URL that `tracetune serve` printed." };
  }
  return null;
}

function bearerToken(request: IncomingMessage): string | null {
  const auth = request.headers.authorization;
  return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : null;
}

/** The `token` query parameter; null when absent or when the URL does not parse. */
export function queryToken(request: IncomingMessage): string | null {
  try {
    return new URL(request.url ?? "/", "http://placeholder").searchParams.get("token");
  } catch {
    return null;
  }
}

function sessionCookie(request: IncomingMessage, port: number): string | null {
  const cookie = request.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${sessionCookieName(port)}=([^;]+)`).exec(cookie);
  return match ? match[1] : null;
}

function secretsMatch(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
