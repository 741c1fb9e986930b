import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { dispatchCall } from "../../api/dispatchCall.js";
import { toWireError, TracetuneError } from "../../common/TracetuneError.js";
import type { Core } from "../../core/createCore.js";
import { DataDirLock } from "../../storage/dataDirLock.js";
import { checkRequest, sessionCookieName } from "./checkRequest.js";
import { HttpRequestError } from "./HttpRequestError.js";
import { CONTENT_SECURITY_POLICY, serveStatic } from "./serveStatic.js";
import { continuePageHtml, continueScript, CONTINUE_PATH, isSignInAsset, signInPageHtml, signInScript, SIGN_IN_SCRIPT_PATH } from "./signInPage.js";

/** The largest POST /api/call body (16 MiB, documented in docs/offline.md); a larger one is answered 413. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface WebHost {
  /** The one URL to open: carries the token, as Jupyter's does. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and the API (POST /api/call, WebSocket /api/events) on 127.0.0.1 only.
 * Every request passes `checkRequest` (token, Host, Origin).
 */
export async function startWebHost(options: {
  core: Core;
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: a fresh random token per launch. */
  token?: string;
}): Promise<WebHost> {
  const { core, rendererDir, port: requestedPort = 0, token = randomBytes(24).toString("hex") } = options;
  let port = requestedPort;
  // What the cookie carries: not the printed token, so a cookie sent to another local service (cookies are
  // not scoped by port) is useless once this host stops, and the token itself never sits in a cookie jar.
  const sessionSecret = randomBytes(24).toString("hex");

  const server = http.createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      const status = error instanceof HttpRequestError ? error.status : 500;
      if (response.headersSent) return void response.destroy();
      if (status === 413) response.setHeader("connection", "close");
      sendJson(response, status, { ok: false, error: toWireError(error) });
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = parseRequestUrl(request, port);
    // The query token is only the printed URL's way in: the page trades it for the cookie below.
    const isPageLoad = request.method === "GET" && (url.pathname === "/" || url.pathname === "/index.html");
    const rejection = checkRequest(request, { token, sessionSecret, port, isQueryTokenAllowed: isPageLoad });
    const isGet = request.method === "GET" || request.method === "HEAD";
    if (rejection?.code === "bad_token" && isGet && isSignInAsset(url.pathname)) return sendSignInAsset(response, url.pathname);
    if (rejection?.code === "bad_token" && isGet && !url.pathname.startsWith("/api/") && acceptsHtml(request)) {
      // A browser without the token gets a page saying how to get in, not raw JSON.
      return sendHtml(response, 401, signInPageHtml({ port }));
    }
    if (rejection) return sendJson(response, rejection.status, { ok: false, error: { code: rejection.code, message: rejection.message, details: {} } });
    if (isGet && isSignInAsset(url.pathname)) return sendSignInAsset(response, url.pathname);

    if (isPageLoad && url.searchParams.has("token")) {
      // Trade the token in the URL for this instance's cookie, then drop it from the address bar and history.
      // The continue page returns to the route the browser kept (the URL's hash survives the redirect) or the
      // sign-in page kept.
      response.writeHead(302, {
        location: CONTINUE_PATH,
        "set-cookie": `${sessionCookieName(port)}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return void response.end();
    }
    if (url.pathname === "/api/call") {
      if (request.method !== "POST") return sendJson(response, 405, { ok: false, error: { code: "method_not_allowed", message: "Use POST /api/call.", details: {} } });
      const body = await readJsonBody(request);
      try {
        const result = await dispatchCall(core.api, body.method, body.args);
        return sendJson(response, 200, { ok: true, result: result ?? null });
      } catch (error) {
        const wire = toWireError(error);
        const status = wire.code === "unknown_method" ? 404 : wire.code === "internal" ? 500 : 400;
        return sendJson(response, status, { ok: false, error: wire });
      }
    }
    if (request.method !== "GET" && request.method !== "HEAD") return sendJson(response, 405, { ok: false, error: { code: "method_not_allowed", message: `${request.method} is not served here.`, details: {} } });
    await serveStatic(response, rendererDir, url.pathname);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on("upgrade", (request, socket, head) => {
    let pathname: string;
    try {
      pathname = parseRequestUrl(request, port).pathname;
    } catch {
      socket.write("HTTP/1.1 400 bad_url\r\nConnection: close\r\n\r\n");
      return void socket.destroy();
    }
    const rejection = checkRequest(request, { token, sessionSecret, port, isQueryTokenAllowed: false });
    if (rejection || pathname !== "/api/events") {
      socket.write(`HTTP/1.1 ${rejection?.status ?? 404} ${rejection?.code ?? "not_found"}\r\nConnection: close\r\n\r\n`);
      return void socket.destroy();
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const unsubscribe = core.subscribe((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      });
      ws.on("close", unsubscribe);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new TracetuneError("port_in_use", `Port ${requestedPort} on 127.0.0.1 is already in use; pick another with --port, or omit it for a free one.`, { port: requestedPort }) : error),
    );
    server.listen(requestedPort, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Other tracetune processes on this data dir find this host in the data dir's lock and send their calls here.
  await DataDirLock.advertise(core.context.dataDir, { port, token });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendHtml(response: ServerResponse, status: number, html: string, contentType = "text/html; charset=utf-8"): void {
  response.writeHead(status, {
    "content-type": contentType, "content-length": Buffer.byteLength(html), "cache-control": "no-store",
    "content-security-policy": CONTENT_SECURITY_POLICY, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
  });
  response.end(html);
}

function sendSignInAsset(response: ServerResponse, pathname: string): void {
  if (pathname === CONTINUE_PATH) return sendHtml(response, 200, continuePageHtml());
  sendHtml(response, 200, pathname === SIGN_IN_SCRIPT_PATH ? signInScript : continueScript, "text/javascript; charset=utf-8");
}

function acceptsHtml(request: IncomingMessage): boolean {
  return (request.headers.accept ?? "").includes("text/html");
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", "x-content-type-options": "nosniff" });
  response.end(text);
}

/** The request's URL, with a path that percent-decodes; anything else is a 400, not a 500 from deep inside. */
function parseRequestUrl(request: IncomingMessage, port: number): URL {
  const raw = request.url ?? "/";
  let url: URL;
  try {
    url = new URL(raw, `http://127.0.0.1:${port}`);
    decodeURIComponent(url.pathname);
  } catch {
    throw new HttpRequestError(400, "bad_url", `The request URL ${JSON.stringify(raw.slice(0, 200))} does not parse.`);
  }
  return url;
}

async function readJsonBody(request: IncomingMessage): Promise<{ method?: unknown; args?: unknown }> {
  const tooLarge = () => new HttpRequestError(413, "body_too_large", `Request body over ${MAX_BODY_BYTES} bytes (the web host's limit).`, { limit: MAX_BODY_BYTES });
  if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    if (!parsed || typeof parsed !== "object") throw new Error("not an object");
    return parsed as { method?: unknown; args?: unknown };
  } catch (error) {
    throw new HttpRequestError(400, "invalid_input", `Request body is not a JSON object {method, args}: ${(error as Error).message}.`);
  }
}
