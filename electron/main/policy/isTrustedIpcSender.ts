import { isAppPage } from "./isAppUrl.js";
import type { AppLocation } from "./types.js";

/**
 * Checked on every `tracetune:call`: the caller must be the main frame (not an iframe) of one of the app's
 * own windows, showing the app's own page. A frame that is gone (`senderFrame` null after a navigation or a
 * crash) is refused too.
 */
export function isTrustedIpcSender({ frame, webContentsId, appWebContentsIds, app }: {
  /** From `event.senderFrame`: its URL and whether it has no parent; null when the frame is gone. */
  frame: { url: string; isMainFrame: boolean } | null;
  /** `event.sender.id`. */
  webContentsId: number;
  /** The webContents ids of the windows the shell opened. */
  appWebContentsIds: ReadonlySet<number>;
  app: AppLocation;
}): boolean {
  if (frame === null || !frame.isMainFrame) return false;
  if (!appWebContentsIds.has(webContentsId)) return false;
  return isAppPage(frame.url, app);
}
