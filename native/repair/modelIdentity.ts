import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { RepairModelIdentity } from "../api/repairApi.js";
import { openJsonStore } from "../storage/openJsonStore.js";

interface HashEntry { size: number; mtimeMs: number; sha256: string }
type HashCache = { files: Record<string, HashEntry> };

const stores = new Map<string, ReturnType<typeof openJsonStore<HashCache>>>();

/**
 * sha256 of a file, cached in `model-hashes.json` in the data dir by path, size and mtime: hashing a 5 GB
 * model takes ~10 s, and a model file does not change without its size or mtime changing.
 */
export async function hashModelFile(options: { file: string; dataDir: string }): Promise<{ sha256: string; sizeBytes: number }> {
  const file = path.resolve(options.file);
  const stats = await stat(file);
  const storeFile = path.join(options.dataDir, "model-hashes.json");
  let opening = stores.get(storeFile);
  if (!opening) {
    opening = openJsonStore<HashCache>({ file: storeFile, defaults: { files: {} }, validate: (data) => (data && typeof data === "object" && typeof (data as HashCache).files === "object" ? null : 'field "files" must be an object') });
    opening.catch(() => stores.delete(storeFile));
    stores.set(storeFile, opening);
  }
  const store = await opening;
  const cached = store.data.files[file];
  if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return { sha256: cached.sha256, sizeBytes: stats.size };
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest("hex");
  await store.update((doc) => void (doc.files[file] = { size: stats.size, mtimeMs: stats.mtimeMs, sha256 }));
  return { sha256, sizeBytes: stats.size };
}

/** A local GGUF model's identity: path, size, file hash, context size and the adapters applied. */
export async function identifyLocalModel(options: { path: string; contextSize: number; loraAdapters?: string[]; dataDir: string }): Promise<RepairModelIdentity> {
  const { sha256, sizeBytes } = await hashModelFile({ file: options.path, dataDir: options.dataDir });
  const loraAdapters = [];
  for (const adapter of options.loraAdapters ?? []) loraAdapters.push({ path: adapter, sha256: (await hashModelFile({ file: adapter, dataDir: options.dataDir })).sha256 });
  return { kind: "local", path: path.resolve(options.path), fileName: path.basename(options.path), sizeBytes, sha256, contextSize: options.contextSize, loraAdapters };
}

const PROPS_TIMEOUT_MS = 3000;

/**
 * A serving engine's identity: its URL, the model id asked for, and llama.cpp's `GET /props` (build info,
 * per-slot context, chat template, model path) when the server has that endpoint; null elsewhere (vLLM).
 */
export async function identifyEngine(options: { url: string; model: string }): Promise<RepairModelIdentity & { kind: "engine" }> {
  return { kind: "engine", url: options.url, model: options.model, serverProps: await fetchServerProps(options.url) };
}

async function fetchServerProps(baseUrl: string): Promise<Record<string, unknown> | null> {
  const root = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  try {
    const response = await fetch(`${root}/props`, { signal: AbortSignal.timeout(PROPS_TIMEOUT_MS) });
    if (!response.ok) return null;
    const props = (await response.json()) as Record<string, unknown>;
    return props && typeof props === "object" ? props : null;
  } catch {
    return null;
  }
}

/** The engine's context per request, from llama.cpp's props (`default_generation_settings.n_ctx`); null when unknown. */
export function engineContextSize(identity: RepairModelIdentity): number | null {
  if (identity.kind !== "engine" || !identity.serverProps) return null;
  const settings = identity.serverProps.default_generation_settings as Record<string, unknown> | undefined;
  const nCtx = settings?.n_ctx ?? identity.serverProps.n_ctx;
  return typeof nCtx === "number" && nCtx > 0 ? nCtx : null;
}
