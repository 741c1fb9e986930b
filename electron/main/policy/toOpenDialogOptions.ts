import type { OpenDialogOptions } from "electron";
import type { PathPickRequest } from "../../../native/api/filesApi.js";

/**
 * The native dialog's options for a renderer's pick request: what can be picked (file or folder, one or many),
 * a bounded title and file-type filters of plain endings only. Pure, so it is tested in plain Node.
 */
export function toOpenDialogOptions(request: PathPickRequest): OpenDialogOptions {
  const properties: OpenDialogOptions["properties"] = [request.kind === "folder" ? "openDirectory" : "openFile"];
  if (request.isMultiple) properties.push("multiSelections");
  const extensions = (request.extensions ?? []).map((ending) => ending.replace(/^\./, "")).filter((ending) => /^[\w.-]+$/.test(ending));
  return {
    title: typeof request.title === "string" ? request.title.slice(0, 200) : undefined,
    properties,
    filters: request.kind === "file" && extensions.length > 0 ? [{ name: extensions.join(", "), extensions }, { name: "All files", extensions: ["*"] }] : undefined,
  };
}
