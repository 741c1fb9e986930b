import { readdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DirectoryListing, FileEntry } from "../api/filesApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";

export interface ListOptions {
  /** Default "any". */
  kind?: "file" | "folder" | "any";
  /** Endings without the dot; folders are always kept (to walk into). Default: any. */
  extensions?: string[];
  /** Default 200. */
  limit?: number;
  /** Default false. */
  isHiddenIncluded?: boolean;
  /** Keep names starting with this, case-insensitively. Default "". */
  prefix?: string;
}

/** "~" and "~/x" are the home folder; a relative path is taken from the home folder too (the core's cwd means nothing to a user). */
export function resolveUserPath(input: string): string {
  const trimmed = input.trim();
  if (trimmed === "" || trimmed === "~") return os.homedir();
  if (/^~[\\/]/.test(trimmed)) return path.join(os.homedir(), trimmed.slice(2));
  return path.isAbsolute(trimmed) ? path.resolve(trimmed) : path.resolve(os.homedir(), trimmed);
}

/** One folder's entries, folders first then files, each by name. Throws `invalid_input` for an unreadable folder. */
export async function listDirectory(folderInput: string, { kind = "any", extensions, limit = 200, isHiddenIncluded = false, prefix = "" }: ListOptions = {}): Promise<DirectoryListing> {
  const folder = resolveUserPath(folderInput);
  let dirents;
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a folder" : code === "EACCES" || code === "EPERM" ? "cannot be read (permission denied)" : `cannot be listed (${code ?? String(error)})`;
    throw new InvalidInputError(`Folder "${folder}" ${why}.`, { field: "path", path: folder });
  }
  const endings = extensions?.map((ending) => `.${ending.replace(/^\./, "").toLowerCase()}`);
  const needle = prefix.toLowerCase();
  const entries: FileEntry[] = [];
  for (const dirent of dirents) {
    if (!isHiddenIncluded && dirent.name.startsWith(".") && !needle.startsWith(".")) continue;
    if (!dirent.name.toLowerCase().startsWith(needle)) continue;
    // A link is listed as what it points to; a broken one is left out.
    const isFolder = dirent.isSymbolicLink() ? await stat(path.join(folder, dirent.name)).then((target) => target.isDirectory(), () => null) : dirent.isDirectory();
    if (isFolder === null) continue;
    // Folders are always listed, to walk into; files only when files are wanted.
    if (!isFolder && kind === "folder") continue;
    if (!isFolder && endings && !endings.some((ending) => dirent.name.toLowerCase().endsWith(ending))) continue;
    entries.push({ name: dirent.name, path: path.join(folder, dirent.name), kind: isFolder ? "folder" : "file" });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "folder" ? -1 : 1));
  const parent = path.dirname(folder);
  return { folder, parent: parent === folder ? null : parent, entries: entries.slice(0, limit), isTruncated: entries.length > limit };
}
