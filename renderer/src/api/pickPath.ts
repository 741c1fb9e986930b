import type { PathPickRequest, PathPickResult } from "../../../native/api/index";

/**
 * Electron's native file or folder dialog, through the preload bridge's `pickPath` (electron/main answers
 * "tracetune:pickPath"). The web host has no such dialog: its path fields complete from api.completePath.
 * Returns null where no native dialog exists.
 */
export async function pickPathNatively(request: PathPickRequest): Promise<PathPickResult | null> {
  const bridge = window.tracetune;
  if (!bridge?.pickPath) return null;
  return bridge.pickPath(request);
}
pickPathNatively.isAvailable = (): boolean => Boolean(window.tracetune?.pickPath);
