import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built renderer beside the built CLI: out/cli/tracetune.mjs → out/renderer. */
export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "..", "renderer");
}
