import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppLocation } from "./types.js";

/**
 * True when `url` is one of the app's own resources: a file inside the built renderer's directory, or, in
 * development, a URL of the dev server's origin. Any other `file:` URL (the user's files, the app's own
 * main-process code) and any other local port are not the app.
 */
export function isAppUrl(url: string, app: AppLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (app.kind === "dev") return parsed.protocol === "http:" && parsed.origin === new URL(app.entryUrl).origin;
  if (parsed.protocol !== "file:" || (parsed.host !== "" && parsed.host !== "localhost")) return false;
  const file = filePathOf(parsed);
  if (file === null) return false;
  const relative = path.relative(path.dirname(app.entryPath), file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** The app's page itself (any query or hash: the app routes by hash). */
export function isAppPage(url: string, app: AppLocation): boolean {
  if (!isAppUrl(url, app)) return false;
  const parsed = new URL(url);
  if (app.kind === "dev") return true;
  return filePathOf(parsed) === path.resolve(app.entryPath);
}

function filePathOf(url: URL): string | null {
  try {
    // Throws on an encoded "/" or "\", which could otherwise smuggle a ".." past the check.
    return path.resolve(fileURLToPath(url));
  } catch {
    return null;
  }
}
