import { BrowserWindow, dialog } from "electron";
import type { PathPickRequest, PathPickResult } from "../../native/api/filesApi.js";
import { toOpenDialogOptions } from "./policy/toOpenDialogOptions.js";

/**
 * The native file or folder dialog behind the renderer's path fields (the web host completes paths from
 * api.completePath instead). Only the app's own window may ask (checked by the caller, as for API calls).
 */
export async function pickPath(window: BrowserWindow | null, request: PathPickRequest): Promise<PathPickResult> {
  if (!request || (request.kind !== "file" && request.kind !== "folder")) return { paths: [] };
  const options = toOpenDialogOptions(request);
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return { paths: result.canceled ? [] : result.filePaths };
}
