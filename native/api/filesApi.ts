/** One entry of a folder listing. */
export interface FileEntry {
  name: string;
  /** Absolute path on the machine running the core. */
  path: string;
  kind: "file" | "folder";
}

export interface DirectoryListing {
  /** The absolute folder that was listed. */
  folder: string;
  /** Its parent folder; null at a file-system root. */
  parent: string | null;
  /** Folders first, then files, each by name; hidden entries (a leading ".") only when asked for. */
  entries: FileEntry[];
  /** True when more entries matched than `limit`. */
  isTruncated: boolean;
}

/** What a native file dialog (Electron) or the web host's path field is asked for. */
export interface PathPickRequest {
  /** "file" or "folder". */
  kind: "file" | "folder";
  /** Dialog title, e.g. "Choose a models folder". */
  title?: string;
  /** File name endings to offer, without the dot (e.g. ["jsonl", "json"]). Default: any. */
  extensions?: string[];
  /** Default false. */
  isMultiple?: boolean;
}

/** The picked paths; empty when the dialog was cancelled. */
export interface PathPickResult {
  paths: string[];
}

/**
 * The core's file-system view for choosing paths: the web host's path field completes from it (the web host
 * listens on 127.0.0.1 only, so only this machine's user can list), and Electron's native dialog returns
 * paths of the same kind. It reads names only, never file contents.
 */
export interface FilesApi {
  /**
   * Lists one folder. `path` may be absolute or start with "~"; relative paths resolve against the home folder.
   * Defaults: kind "any", extensions any (folders are always listed), limit 200, isHiddenIncluded false.
   * Throws `invalid_input` naming the path when it is not a readable folder.
   */
  listDirectory(args: { path: string; kind?: "file" | "folder" | "any"; extensions?: string[]; limit?: number; isHiddenIncluded?: boolean }): Promise<DirectoryListing>;
  /**
   * Completion for a partly typed path: the entries of the folder it names (up to its last separator) whose
   * names start with what follows the separator (case-insensitive). A path to a missing folder completes to
   * nothing rather than failing. Defaults as for `listDirectory`, limit 50.
   */
  completePath(args: { partial: string; kind?: "file" | "folder" | "any"; extensions?: string[]; limit?: number }): Promise<DirectoryListing>;
  /**
   * Stores a file dropped on the page (a browser hands over contents, not a path) as
   * `<data dir>/uploads/<time>-<name>` and returns its path, for `importTasks` and the like. `name` is a base
   * name (no folders); text up to 16 MiB (the web host's body limit). Throws `invalid_input` naming the field.
   */
  saveUpload(args: { name: string; text: string }): Promise<{ path: string; bytes: number }>;
}

export const filesMethods = {
  listDirectory: true,
  completePath: true,
  saveUpload: true,
} as const satisfies Record<keyof FilesApi, true>;
