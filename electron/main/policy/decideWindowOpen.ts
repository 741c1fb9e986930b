/**
 * `setWindowOpenHandler`: no new windows, whatever the URL (`window.open`, `target=_blank`, middle click);
 * the app opens everything in its one window by route.
 */
export function decideWindowOpen(_details: { url: string }): { action: "deny" } {
  return { action: "deny" };
}
