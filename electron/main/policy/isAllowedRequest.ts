import { isAppUrl } from "./isAppUrl.js";
import type { AppLocation } from "./types.js";

/**
 * The session's request filter (`webRequest.onBeforeRequest`): the app's own files, `data:` (images the
 * CSP allows) and DevTools; in development also the dev server's hot-reload WebSocket. Everything else is
 * cancelled before it leaves, loopback services included.
 */
export function isAllowedRequest(url: string, app: AppLocation): boolean {
  if (url.startsWith("data:") || url.startsWith("devtools:")) return true;
  if (isAppUrl(url, app)) return true;
  if (app.kind === "dev") {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "ws:" && parsed.host === new URL(app.entryUrl).host;
    } catch {
      return false;
    }
  }
  return false;
}
