import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { decideWindowOpen } from "../../../electron/main/policy/decideWindowOpen.js";
import { isAllowedNavigation } from "../../../electron/main/policy/isAllowedNavigation.js";
import { isAllowedRequest } from "../../../electron/main/policy/isAllowedRequest.js";
import { isPermissionGranted } from "../../../electron/main/policy/isPermissionGranted.js";
import { isTrustedIpcSender } from "../../../electron/main/policy/isTrustedIpcSender.js";
import { resolveAppLocation } from "../../../electron/main/policy/resolveAppLocation.js";
import type { AppLocation } from "../../../electron/main/policy/types.js";

// The Electron binary cannot run here: the shell's decisions are pure functions, checked in plain Node.
const rendererIndexPath = path.resolve("/opt/tracetune/resources/app.asar/out/renderer/index.html");
const fileApp: AppLocation = { kind: "file", entryPath: rendererIndexPath };
const devApp: AppLocation = { kind: "dev", entryUrl: "http://localhost:5173/" };
const page = pathToFileURL(rendererIndexPath).href;
const asset = pathToFileURL(path.join(path.dirname(rendererIndexPath), "assets/index-abc.js")).href;

describe("Electron shell policy", () => {
  it("uses the dev server only in an unpackaged run, and only on loopback http", () => {
    const dev = "http://localhost:5173/";
    expect(resolveAppLocation({ isPackaged: false, rendererUrl: dev, rendererIndexPath })).toEqual({ kind: "dev", entryUrl: dev });
    expect(resolveAppLocation({ isPackaged: true, rendererUrl: dev, rendererIndexPath })).toEqual(fileApp);
    expect(resolveAppLocation({ isPackaged: false, rendererUrl: undefined, rendererIndexPath })).toEqual(fileApp);
    for (const foreign of ["https://evil.example/", "http://192.168.1.5:5173/", "file:///tmp/x.html", "not a url"]) {
      expect(resolveAppLocation({ isPackaged: false, rendererUrl: foreign, rendererIndexPath }), foreign).toEqual(fileApp);
    }
  });

  it("allows navigation only to the app's own page", () => {
    expect(isAllowedNavigation(page, fileApp)).toBe(true);
    expect(isAllowedNavigation(`${page}#/tasks`, fileApp)).toBe(true);
    for (const url of [
      "file:///etc/passwd",
      "file:///home/user/notes.html",
      pathToFileURL(path.join(path.dirname(rendererIndexPath), "../main/index.js")).href,
      `${path.dirname(page)}/%2e%2e/main/index.js`,
      `${path.dirname(page)}/..%2Fmain%2Findex.js`,
      asset,
      "http://127.0.0.1:8080/",
      "http://localhost:5173/",
      "https://example.com/",
      "javascript:alert(1)",
      "not a url",
    ]) {
      expect(isAllowedNavigation(url, fileApp), url).toBe(false);
    }
    expect(isAllowedNavigation("http://localhost:5173/#/models", devApp)).toBe(true);
    expect(isAllowedNavigation("http://localhost:5174/", devApp)).toBe(false);
    expect(isAllowedNavigation("http://127.0.0.1:5173/", devApp)).toBe(false);
    expect(isAllowedNavigation(page, devApp)).toBe(false);
  });

  it("lets requests through only to the app's own files, data: and DevTools", () => {
    for (const url of [page, asset, "data:image/png;base64,AAAA", "devtools://devtools/bundled/inspector.html"]) expect(isAllowedRequest(url, fileApp), url).toBe(true);
    for (const url of ["file:///etc/passwd", "http://127.0.0.1:11434/api/generate", "http://localhost:8080/", "ws://127.0.0.1:9000/", "https://example.com/x.js", "http://[::1]:1/"]) {
      expect(isAllowedRequest(url, fileApp), url).toBe(false);
    }
    expect(isAllowedRequest("http://localhost:5173/src/main.tsx", devApp)).toBe(true);
    expect(isAllowedRequest("ws://localhost:5173/", devApp)).toBe(true);
    expect(isAllowedRequest("ws://localhost:9229/", devApp)).toBe(false);
    expect(isAllowedRequest("http://localhost:8080/", devApp)).toBe(false);
  });

  it("denies every permission but notifications for the app's own page, and every new window", () => {
    for (const permission of ["media", "geolocation", "clipboard-read", "clipboard-sanitized-write", "hid", "openExternal"]) {
      expect(isPermissionGranted({ permission, requestingUrl: page }, fileApp), permission).toBe(false);
      expect(isPermissionGranted({ permission, requestingUrl: "file:///" }, fileApp), permission).toBe(false);
    }
    // Notifications: a run of rounds, an evaluation or training that ends while the window is hidden says so.
    expect(isPermissionGranted({ permission: "notifications", requestingUrl: `${page}#/rounds/r` }, fileApp)).toBe(true);
    expect(isPermissionGranted({ permission: "notifications", requestingUrl: "file:///" }, fileApp)).toBe(true);
    expect(isPermissionGranted({ permission: "notifications", requestingUrl: "http://localhost:5173" }, devApp)).toBe(true);
    for (const url of ["https://example.com/", "http://localhost:8080/", "file:///home/user/evil.html"]) expect(isPermissionGranted({ permission: "notifications", requestingUrl: url }, fileApp), url).toBe(false);
    expect(isPermissionGranted({ permission: "notifications", requestingUrl: "http://localhost:8080" }, devApp)).toBe(false);
    expect(isPermissionGranted({ permission: "notifications", requestingUrl: page }, null)).toBe(false);
    for (const url of [page, "https://example.com/", "about:blank"]) expect(decideWindowOpen({ url })).toEqual({ action: "deny" });
  });

  it("answers IPC only for the main frame of the app's own window on the app's page", () => {
    const base = { frame: { url: `${page}#/tasks`, isMainFrame: true }, webContentsId: 1, appWebContentsIds: new Set([1]), app: fileApp };
    expect(isTrustedIpcSender(base)).toBe(true);
    expect(isTrustedIpcSender({ ...base, frame: null })).toBe(false);
    expect(isTrustedIpcSender({ ...base, frame: { url: page, isMainFrame: false } })).toBe(false);
    expect(isTrustedIpcSender({ ...base, webContentsId: 2 })).toBe(false);
    expect(isTrustedIpcSender({ ...base, frame: { url: "file:///home/user/evil.html", isMainFrame: true } })).toBe(false);
    expect(isTrustedIpcSender({ ...base, frame: { url: "http://localhost:5173/", isMainFrame: true } })).toBe(false);
  });
});
