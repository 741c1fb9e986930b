import type { Session, WebContents } from "electron";
import { decideWindowOpen } from "./policy/decideWindowOpen.js";
import { isAllowedNavigation } from "./policy/isAllowedNavigation.js";
import { isAllowedRequest } from "./policy/isAllowedRequest.js";
import { isPermissionGranted } from "./policy/isPermissionGranted.js";
import type { AppLocation } from "./policy/types.js";

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Offline and locked down: every request outside the app's own files is cancelled before it leaves, every
 * response gets our CSP, and every permission request and check is denied. The decisions are the pure
 * functions in ./policy (unit-tested in plain Node); this file only wires them to Electron.
 */
export function hardenSession(session: Session, app: AppLocation): void {
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, app) }));
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [CONTENT_SECURITY_POLICY] } }),
  );
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl }, app)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted({ permission, requestingUrl: requestingOrigin }, app));
}

/** No navigation or redirect away from the app's page, no new windows, no <webview>. */
export function hardenWebContents(contents: WebContents, app: AppLocation): void {
  contents.setWindowOpenHandler((details) => decideWindowOpen(details));
  contents.on("will-navigate", (event, url) => {
    if (!isAllowedNavigation(url, app)) event.preventDefault();
  });
  contents.on("will-redirect", (event, url) => {
    if (!isAllowedNavigation(url, app)) event.preventDefault();
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
}
