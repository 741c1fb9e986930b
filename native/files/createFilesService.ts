import { mkdir, writeFile } from "node:fs/promises";
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
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

export function createFilesService(context: CoreContext): FilesApi {
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
    async saveUpload(args) {
      const name = requireString(args?.name, "name");
      const text = args?.text;
      if (typeof text !== "string") throw new InvalidInputError('Field "text" must be the file\'s text.', { field: "text" });
      if (name === "" || name !== path.basename(name) || name === "." || name === ".." || /[\\/\0]/.test(name)) throw new InvalidInputError(`Field "name" must be a file name without folders; got "${name}".`, { field: "name" });
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_UPLOAD_BYTES) throw new InvalidInputError(`File "${name}" is ${bytes} bytes; uploads are limited to ${MAX_UPLOAD_BYTES} bytes. Give its path instead.`, { field: "text", bytes });
      const folder = path.join(context.dataDir, "uploads");
      await mkdir(folder, { recursive: true });
      const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..+$/, "");
      // Never overwrite: two drops of the same name in one second get distinct files.
      for (let attempt = 0; ; attempt += 1) {
        const target = path.join(folder, `${stamp}${attempt === 0 ? "" : `-${attempt}`}-${name}`);
        try {
          await writeFile(target, text, { flag: "wx" });
          return { path: target, bytes };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
    },
  };
}
