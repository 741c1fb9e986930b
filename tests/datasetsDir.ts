import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The public benchmark data tests and benchmarks read (never committed): $TRACETUNE_DATASETS_DIR, else
 * `shared/datasets` beside the repository (where CI's clone has it), else this workplace's /work/shared.
 */
export const datasetsDir: string = (() => {
  const candidates = [process.env.TRACETUNE_DATASETS_DIR, path.resolve(import.meta.dirname, "..", "..", "shared", "datasets"), "/work/shared/datasets"];
  const found = candidates.find((dir): dir is string => Boolean(dir) && existsSync(path.join(dir!, "mbpp.jsonl")));
  if (!found) throw new Error(`No datasets folder found (looked in: ${candidates.filter(Boolean).join(", ")}); set TRACETUNE_DATASETS_DIR.`);
  return found;
})();
