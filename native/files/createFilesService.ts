import path from "node:path";
import type { FilesApi } from "../api/filesApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { listDirectory, resolveUserPath } from "./listDirectory.js";

const requireString = (value: unknown, field: string): string => {
  if (typeof value !== "string") throw new InvalidInputError(`Field "${field}" must be a path string.`, { field });
  return value;
};

/**
 * Path listing and completion for choosing files. Every front door that serves it is on this machine: the
 * web host binds 127.0.0.1 only (with its token, Host and Origin checks), Electron and the CLI run locally.
 */
export function createFilesService(_context: CoreContext): FilesApi {
  return {
    async listDirectory(args) {
      const { path: folder, kind, extensions, limit, isHiddenIncluded } = args ?? ({} as never);
      return listDirectory(requireString(folder, "path"), { kind, extensions, limit, isHiddenIncluded });
    },
    async completePath(args) {
      const partial = requireString(args?.partial, "partial");
      const cut = Math.max(partial.lastIndexOf("/"), path.sep === "\\" ? partial.lastIndexOf("\\") : -1);
      const folder = cut === -1 ? (partial.startsWith("~") ? "~" : "") : partial.slice(0, cut + 1) || path.sep;
      const prefix = cut === -1 ? (partial.startsWith("~") ? "" : partial) : partial.slice(cut + 1);
      try {
        return await listDirectory(folder, { kind: args.kind, extensions: args.extensions, limit: args.limit ?? 50, prefix });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return { folder: resolveUserPath(folder), parent: null, entries: [], isTruncated: false };
      }
    },
  };
}
