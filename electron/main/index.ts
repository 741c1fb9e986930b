import { app, BrowserWindow, ipcMain, session, utilityProcess, type UtilityProcess } from "electron";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hardenSession, hardenWebContents } from "./hardenWindow.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The thin shell: starts the core in a utility process (off the UI thread), opens one hardened window and
 * relays API calls and events between them. It does no work of its own.
 */
let coreHost: UtilityProcess | null = null;
let nextCallId = 1;
const pendingCalls = new Map<number, (reply: unknown) => void>();

function startCoreHost(): UtilityProcess {
  const dataDirFlag = process.argv.find((arg) => arg.startsWith("--data-dir="));
  const child = utilityProcess.fork(path.join(here, "coreHost.js"), dataDirFlag ? [dataDirFlag] : [], { serviceName: "tracetune-core", stdio: "inherit" });
  child.on("message", (message: { id?: number; reply?: unknown; event?: unknown }) => {
    if (message.event !== undefined) {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send("tracetune:event", message.event);
    } else if (message.id !== undefined) {
      pendingCalls.get(message.id)?.(message.reply);
      pendingCalls.delete(message.id);
    }
  });
  child.on("exit", (code) => {
    for (const resolve of pendingCalls.values()) resolve({ ok: false, error: { code: "internal", message: `The core process exited (code ${code}).`, details: {} } });
    pendingCalls.clear();
    coreHost = null;
  });
  return child;
}

function createWindow(): void {
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
  hardenWebContents(window.webContents);
  window.once("ready-to-show", () => window.show());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(path.join(here, "../renderer/index.html"));
}

ipcMain.handle("tracetune:call", (_event, method: unknown, args: unknown) => {
  if (!coreHost) coreHost = startCoreHost();
  const id = nextCallId++;
  return new Promise((resolve) => {
    pendingCalls.set(id, resolve);
    coreHost!.postMessage({ id, method, args });
  });
});

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  coreHost = startCoreHost();
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on("window-all-closed", () => {
  coreHost?.kill();
  if (process.platform !== "darwin") app.quit();
});
