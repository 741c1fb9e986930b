import { isAppPage } from "./isAppUrl.js";
import type { AppLocation } from "./types.js";

/**
 * `setPermissionRequestHandler` and `setPermissionCheckHandler`: the app needs one browser permission,
 * notifications, and only for its own page (a run of rounds, an evaluation or training that ends while the
 * window is hidden says so, docs/rounds.md). Everything else (camera, geolocation, clipboard reads, HID, …) is
 * denied, whoever asks. One function so the shell and its test agree on that.
 */
export function isPermissionGranted(request: { permission: string; requestingUrl: string }, app: AppLocation | null): boolean {
  if (request.permission !== "notifications" || !app) return false;
  if (isAppPage(request.requestingUrl, app)) return true;
  // Permission checks pass the origin only: a file page's is "file:///" (the app is the only file page the window may show).
  if (app.kind === "dev") return request.requestingUrl.replace(/\/$/, "") === new URL(app.entryUrl).origin;
  return request.requestingUrl === "file:///" || request.requestingUrl === "file://";
}
