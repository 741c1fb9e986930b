import { contextBridge, ipcRenderer } from "electron";
import { apiMethodNames } from "../../native/api/contract";
import type { ApiEvent } from "../../native/api/events";
import type { PathPickRequest, PathPickResult } from "../../native/api/filesApi";

const knownMethods = new Set<string>(apiMethodNames);

/**
 * Exposes one object, `window.tracetune`: a call into the closed list of API methods and an event
 * subscription. No ipcRenderer, no Node, nothing raw crosses the bridge.
 */
contextBridge.exposeInMainWorld("tracetune", {
  call(method: string, args: unknown) {
    if (!knownMethods.has(method)) return Promise.resolve({ ok: false, error: { code: "unknown_method", message: `Unknown API method "${method}".`, details: { method } } });
    return ipcRenderer.invoke("tracetune:call", method, args);
  },
  subscribe(listener: (event: ApiEvent) => void) {
    const handler = (_event: unknown, payload: ApiEvent) => listener(payload);
    ipcRenderer.on("tracetune:event", handler);
    return () => ipcRenderer.off("tracetune:event", handler);
  },
  /** The native file or folder dialog (electron/main/pickPath.ts); paths only, the same kind the web host's path field completes. */
  pickPath(request: PathPickRequest): Promise<PathPickResult> {
    return ipcRenderer.invoke("tracetune:pickPath", request);
  },
});
