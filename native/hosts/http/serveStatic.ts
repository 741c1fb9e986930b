import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

/** Same rules as Electron's window: nothing from outside this origin, no inline scripts. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Serves one file of the built renderer; unknown paths get index.html (the app routes by hash). */
export async function serveStatic(response: ServerResponse, rootDir: string, urlPath: string): Promise<void> {
  const decoded = decodeURIComponent(urlPath.split("?")[0]);
  let file = path.join(rootDir, path.normalize(decoded).replace(/^(\.\.[/\\])+/, ""));
  if (!file.startsWith(rootDir)) file = path.join(rootDir, "index.html");
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    file = path.join(rootDir, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info) {
    response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    response.end(`The renderer is not built (no ${file}). Run: npm run build`);
    return;
  }
  response.writeHead(200, {
    "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream",
    "content-length": info.size,
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  });
  createReadStream(file).pipe(response);
}
