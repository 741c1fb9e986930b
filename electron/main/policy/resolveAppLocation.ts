import type { AppLocation } from "./types.js";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The window's entry: the built renderer, unless this is an unpackaged development run whose
 * `ELECTRON_RENDERER_URL` (set by electron-vite) names an http page on a loopback host. A packaged app never
 * reads the variable, so a user's environment cannot point the window (and its preload API) at another page.
 */
export function resolveAppLocation({ isPackaged, rendererUrl, rendererIndexPath }: {
  /** Electron's `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.env.ELECTRON_RENDERER_URL`; undefined when not set. */
  rendererUrl: string | undefined;
  /** Absolute path of the built renderer's index.html. */
  rendererIndexPath: string;
}): AppLocation {
  if (!isPackaged && rendererUrl) {
    try {
      const url = new URL(rendererUrl);
      if (url.protocol === "http:" && loopbackHosts.has(url.hostname)) return { kind: "dev", entryUrl: url.href };
    } catch {
      // Not a URL: fall back to the built renderer.
    }
  }
  return { kind: "file", entryPath: rendererIndexPath };
}
