import { watch, type FSWatcher } from "node:fs";
import path from "node:path";

/** Events within this long of each other make one rescan (a copy or an unpack fires many). */
export const WATCH_DEBOUNCE_MS = 500;

/**
 * Watches model folders (at any depth) and calls `onChange(folder)` once things have settled: debounced per
 * folder, for `.gguf` files and folders only (a log file being written next to the models does not rescan).
 * A folder that cannot be watched (gone, no permission) is skipped: the Rescan button still works for it.
 */
export class ModelFolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private isDisposed = false;

  constructor(private readonly options: { onChange: (folder: string) => void; debounceMs?: number }) {}

  watch(folder: string): void {
    if (this.isDisposed || this.watchers.has(folder)) return;
    try {
      const watcher = watch(folder, { recursive: true, persistent: false }, (_event, filename) => {
        const name = filename === null ? null : String(filename);
        if (name !== null && !/\.gguf$/i.test(name) && path.extname(name) !== "") return;
        this.schedule(folder);
      });
      watcher.on("error", () => this.unwatch(folder));
      this.watchers.set(folder, watcher);
    } catch {
      // Not watchable here: the catalog is still updated by explicit scans.
    }
  }

  /** Runs `onChange(folder)` after `delayMs` (default: the debounce), replacing any pending run for it. */
  schedule(folder: string, delayMs = this.options.debounceMs ?? WATCH_DEBOUNCE_MS): void {
    if (this.isDisposed) return;
    clearTimeout(this.timers.get(folder));
    const timer = setTimeout(() => {
      this.timers.delete(folder);
      this.options.onChange(folder);
    }, delayMs);
    timer.unref();
    this.timers.set(folder, timer);
  }

  unwatch(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
    clearTimeout(this.timers.get(folder));
    this.timers.delete(folder);
  }

  get watchedFolders(): string[] {
    return [...this.watchers.keys()];
  }

  dispose(): void {
    this.isDisposed = true;
    for (const folder of [...this.watchers.keys()]) this.unwatch(folder);
  }
}
