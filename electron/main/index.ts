import { app, BrowserWindow, ipcMain, powerSaveBlocker, session, utilityProcess, type UtilityProcess } from "electron";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hardenSession, hardenWebContents } from "./hardenWindow.js";
import { pickPath } from "./pickPath.js";
import { createPowerSaveRelay } from "./powerSaveRelay.js";
import type { PowerRequest } from "../core-host/relayPowerBlocker.js";
import { isTrustedIpcSender } from "./policy/isTrustedIpcSender.js";
import { resolveAppLocation } from "./policy/resolveAppLocation.js";
import type { AppLocation } from "./policy/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Resolved once `app` is ready (`app.isPackaged` decides whether the dev server may be used). */
let appLocation: AppLocation | null = null;
/** The webContents of the windows this shell opened: the only ones whose main frame may call the API. */
const appWebContentsIds = new Set<number>();

/**
 * The thin shell: starts the core in a utility process (off the UI thread), opens one hardened window and
 * relays API calls and events between them. It does no work of its own.
 */
let coreHost: UtilityProcess | null = null;
let nextCallId = 1;
const pendingCalls = new Map<number, (reply: unknown) => void>();
/** Keeps the machine awake while the core runs long work (the core host asks; powerSaveBlocker is main-only). */
const powerRelay = createPowerSaveRelay(powerSaveBlocker);

function startCoreHost(): UtilityProcess {
  const dataDirFlag = process.argv.find((arg) => arg.startsWith("--data-dir="));
  const child = utilityProcess.fork(path.join(here, "coreHost.js"), dataDirFlag ? [dataDirFlag] : [], { serviceName: "tracetune-core", stdio: "inherit" });
  child.on("message", (message: { id?: number; reply?: unknown; event?: unknown; power?: PowerRequest }) => {
    if (message.power !== undefined) {
      const powerReply = powerRelay.handle(message.power);
      if (powerReply) child.postMessage({ powerReply });
    } else if (message.event !== undefined) {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send("tracetune:event", message.event);
    } else if (message.id !== undefined) {
      pendingCalls.get(message.id)?.(message.reply);
      pendingCalls.delete(message.id);
    }
  });
  child.on("exit", (code) => {
    for (const resolve of pendingCalls.values()) resolve({ ok: false, error: { code: "internal", message: `The core process exited (code ${code}).`, details: {} } });
    pendingCalls.clear();
    powerRelay.stopAll();
    coreHost = null;
  });
  return child;
}

function createWindow(location: AppLocation): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    webPreferences: {
      preload: path.join(here, "../preload/index.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contentsId = window.webContents.id;
  appWebContentsIds.add(contentsId);
  window.on("closed", () => appWebContentsIds.delete(contentsId));
  hardenWebContents(window.webContents, location);
  window.once("ready-to-show", () => window.show());
  if (location.kind === "dev") void window.loadURL(location.entryUrl);
  else void window.loadFile(location.entryPath);
}

ipcMain.handle("tracetune:call", (event, method: unknown, args: unknown) => {
  const frame = event.senderFrame;
  const isTrusted =
    appLocation !== null &&
    isTrustedIpcSender({ frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null, webContentsId: event.sender.id, appWebContentsIds, app: appLocation });
  if (!isTrusted) {
    return { ok: false, error: { code: "forbidden_sender", message: "API calls are only answered for the app's own page in its own window.", details: { url: frame?.url ?? null } } };
  }
  if (!coreHost) coreHost = startCoreHost();
  const id = nextCallId++;
  return new Promise((resolve) => {
    pendingCalls.set(id, resolve);
    coreHost!.postMessage({ id, method, args });
  });
});

// The native file or folder dialog for the renderer's path fields (PathField's Browse…), same sender check as calls.
ipcMain.handle("tracetune:pickPath", (event, request: unknown) => {
  const frame = event.senderFrame;
  const isTrusted = appLocation !== null && isTrustedIpcSender({ frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null, webContentsId: event.sender.id, appWebContentsIds, app: appLocation });
  if (!isTrusted || typeof request !== "object" || request === null) return { paths: [] };
  return pickPath(BrowserWindow.fromWebContents(event.sender), request as Parameters<typeof pickPath>[1]);
});

app.whenReady().then(() => {
  const location = resolveAppLocation({ isPackaged: app.isPackaged, rendererUrl: process.env.ELECTRON_RENDERER_URL, rendererIndexPath: path.join(here, "../renderer/index.html") });
  appLocation = location;
  hardenSession(session.defaultSession, location);
  coreHost = startCoreHost();
  createWindow(location);
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(location);
  });
});

app.on("window-all-closed", () => {
  coreHost?.kill();
  if (process.platform !== "darwin") app.quit();
});
