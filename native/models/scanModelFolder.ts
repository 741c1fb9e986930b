import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ScanResult } from "../api/modelsApi.js";
import { InvalidInputError, toWireError } from "../common/TracetuneError.js";
import { readModelInfo } from "./readModelInfo.js";

/**
 * A file that does not read and was written to within this long is taken as still being copied (a copy writes
 * continuously; 5 s without a write is far longer than any buffer flush), not as broken.
 */
export const COPY_QUIET_MS = 5000;

/**
 * Finds every `.gguf` under `folder` at any depth (following no symlinked folders, so loops cannot hang
 * it) and reads each header. Files that fail are reported by name with the reason; nothing is copied.
 */
export async function scanModelFolder(options: { folder: string; signal?: AbortSignal; onProgress?: (done: number, total: number) => void; now?: () => number }): Promise<ScanResult> {
  const now = options.now ?? Date.now;
  const folder = path.resolve(options.folder);
  const files: string[] = [];
  try {
    await collectGgufFiles(folder, files);
  } catch (error) {
    throw new InvalidInputError(`Cannot scan model folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { folder });
  }
  files.sort();
  const result: ScanResult = { folder, models: [], broken: [], copying: [] };
  for (const [i, file] of files.entries()) {
    options.signal?.throwIfAborted();
    try {
      result.models.push((await readModelInfo({ file })).info);
    } catch (error) {
      const stats = await stat(file).catch(() => null);
      if (stats && now() - stats.mtimeMs < COPY_QUIET_MS) {
        result.copying.push({ path: file, sizeBytes: stats.size, modifiedAt: new Date(stats.mtimeMs).toISOString() });
      } else {
        const wire = toWireError(error);
        result.broken.push({ path: file, code: wire.code, message: wire.message });
      }
    }
    options.onProgress?.(i + 1, files.length);
  }
  return result;
}

async function collectGgufFiles(dir: string, into: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await collectGgufFiles(full, into).catch(() => {}); // an unreadable subfolder is skipped, not fatal
    else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith(".gguf")) into.push(full);
  }
}
