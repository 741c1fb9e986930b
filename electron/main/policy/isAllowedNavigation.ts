import { isAppPage } from "./isAppUrl.js";
import type { AppLocation } from "./types.js";

/** `will-navigate` and `will-redirect`: the window may only (re)load the app's own page. */
export function isAllowedNavigation(url: string, app: AppLocation): boolean {
  return isAppPage(url, app);
}
