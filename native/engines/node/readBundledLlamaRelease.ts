import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { LlamaToolsBuildError } from "../engineErrors.js";

const require = createRequire(import.meta.url);

export interface BundledLlamaRelease {
  /** The release tag, e.g. "v0.4.0". */
  tag: string;
  /** `owner/name` of the upstream repository. */
  repo: string;
  /** The git bundle of that release's source (one squashed commit), or null where the package ships none. */
  bundlePath: string | null;
  /** node-llama-cpp's `llama/` folder. */
  llamaDir: string;
}

/**
 * The llama.cpp release node-llama-cpp was built from: `llama/llama.cpp.info.json` names the tag, and
 * `llama/gitRelease.bundle` holds its source, so the tools build without any download. Found by walking up
 * from the package's entry point (its `exports` hide package.json and the llama folder).
 */
export function readBundledLlamaRelease(options: { packageDir?: string } = {}): BundledLlamaRelease {
  const packageDir = options.packageDir ?? findPackageDir();
  const llamaDir = path.join(packageDir, "llama");
  const infoFile = path.join(llamaDir, "llama.cpp.info.json");
  let info: { tag?: unknown; llamaCppGithubRepo?: unknown };
  try {
    info = JSON.parse(readFileSync(infoFile, "utf8"));
  } catch (error) {
    throw new LlamaToolsBuildError(`cannot read ${infoFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); reinstall with npm ci`, { file: infoFile });
  }
  if (typeof info.tag !== "string" || !/^[\w.-]+$/.test(info.tag)) throw new LlamaToolsBuildError(`${infoFile} names no release tag`, { file: infoFile });
  const bundlePath = path.join(llamaDir, "gitRelease.bundle");
  return {
    tag: info.tag,
    repo: typeof info.llamaCppGithubRepo === "string" ? info.llamaCppGithubRepo : "ggml-org/llama.cpp",
    bundlePath: existsSync(bundlePath) ? bundlePath : null,
    llamaDir,
  };
}

function findPackageDir(): string {
  let dir = path.dirname(require.resolve("node-llama-cpp"));
  for (let depth = 0; depth < 8; depth += 1) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "node-llama-cpp") return dir;
    } catch {
      // no package.json at this level; keep walking up
    }
    dir = path.dirname(dir);
  }
  throw new LlamaToolsBuildError("node-llama-cpp's package folder was not found; reinstall with npm ci");
}
