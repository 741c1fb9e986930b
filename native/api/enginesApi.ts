/** llama.cpp's own programs that tracetune builds from the release node-llama-cpp bundles (docs/engines.md). */
export type LlamaToolName = "llama-server" | "llama-batched-bench" | "llama-finetune" | "llama-quantize";

/** Written beside the binaries after a successful build; its presence (with every binary) makes a rebuild a no-op. */
export interface LlamaToolsManifest {
  /** The llama.cpp release tag the tools were built from, e.g. "v0.4.0" (`llama.cpp.info.json`). */
  tag: string;
  /** The commit at the head of the bundle they were built from. */
  commit: string | null;
  targets: LlamaToolName[];
  /** Each tool's binary, relative to the tools dir. */
  binaries: Record<LlamaToolName, string>;
  /** What `llama-server --version` printed after the build, e.g. "version: 0.4.0 (build 1, commit 80fb11a)". */
  version: string | null;
  /** The CMake flags of the build (Release, CPU only, no network). */
  cmakeFlags: string[];
  /** `process.platform`-`process.arch` the tools run on; they are built for this machine's CPU. */
  platform: string;
  builtAt: string;
  buildSeconds: number;
}

/** Where tracetune finds llama.cpp's tools, and whether they are ready. */
export interface LlamaToolsStatus {
  /** The release tag node-llama-cpp bundles (the version the tools must match). */
  tag: string;
  /**
   * "setting": the user's own llama.cpp build (Settings, `engines.llamaCppDir`); "env": `$TRACETUNE_LLAMA_CPP_DIR`;
   * "cache": the per-release cache dir (`$XDG_CACHE_HOME/tracetune/llama.cpp/<tag>` or the platform's cache dir).
   */
  source: "setting" | "env" | "cache";
  /** The tools dir. */
  dir: string;
  /** True when every tool's binary is there (and, for a tracetune build, its manifest matches the tag). */
  isReady: boolean;
  /** Absolute path of each tool, or null where it is missing. */
  binaries: Record<LlamaToolName, string | null>;
  /** The manifest of a tracetune build; null for the user's own build or before a build. */
  manifest: LlamaToolsManifest | null;
  /** The version `llama-server --version` reports (own builds are checked on every look); null when not run. */
  version: string | null;
  /** Set when something needs the user's attention: a version that differs from the tag, a missing tool. */
  warning: string | null;
}

/**
 * tracetune's build of node-llama-cpp's native binding: node-llama-cpp's own addon sources and bundled llama.cpp,
 * plus one method (an in-memory sequence copy), so the local sampler shares a prompt between k samples without
 * state files (docs/engines.md, "The sampler's binding"). CPU only; the sampler uses it when it is built.
 */
export interface LlamaBindingStatus {
  /** The installed node-llama-cpp version and bundled llama.cpp tag the binding must match. */
  nodeLlamaCppVersion: string;
  tag: string;
  /** `$TRACETUNE_LLAMA_BINDING_DIR`, else `<cache>/tracetune/node-llama-cpp/<version>-<tag>`. */
  dir: string;
  /** True when a binding built for this version, tag and platform is there. */
  isReady: boolean;
  /** The `.node` file, or null before a build. */
  binding: string | null;
  builtAt: string | null;
  buildSeconds: number | null;
}

export interface EngineInfo {
  /** The OpenAI base URL, always ending in `/v1`. */
  baseUrl: string;
  /** The model the engine will be asked for: the one given, else the first id of `GET /v1/models`. */
  model: string;
  /** Every model id `GET /v1/models` listed. */
  models: string[];
}

/** A serving engine to sample from instead of the loaded model (docs/engines.md, "The --engine contract"). */
export interface EngineTarget {
  /** OpenAI base URL including `/v1`; a bare host (`http://127.0.0.1:8080`) gets `/v1`. Loopback, or a host in `engines.allowedHosts`. */
  url: string;
  /** The `model` sent with each request. Default: the first id from `GET /v1/models`. */
  model?: string;
}

export interface EnginesApi {
  /** Where llama.cpp's tools are and whether they are built; for an own build, its version check. Never builds. */
  getLlamaTools(args?: Record<string, never>): Promise<LlamaToolsStatus>;
  /**
   * Builds `llama-server`, `llama-batched-bench`, `llama-finetune` and `llama-quantize` from node-llama-cpp's bundled llama.cpp
   * release as a job ("engines.buildLlamaTools", progress = build steps; about 5 min on 2 cores), offline, into
   * the per-release cache dir; the job's result is the LlamaToolsStatus. A no-op when they are already built
   * (unless `force`) or when Settings point at the user's own build. A second call while one runs returns
   * the running job. The job fails with `build_tools_missing` naming what is missing (git, cmake, a C++
   * compiler) and `llama_tools_build_failed` with the build's last lines.
   */
  buildLlamaTools(args?: { force?: boolean }): Promise<{ jobId: string }>;
  /** Whether tracetune's build of node-llama-cpp's binding is there. Never builds. */
  getLlamaBinding(args?: Record<string, never>): Promise<LlamaBindingStatus>;
  /**
   * Builds node-llama-cpp's binding from its own sources and the bundled llama.cpp, plus the sampler's in-memory
   * sequence copy, as a job ("engines.buildLlamaBinding", progress = build steps; about 15 min on 2 cores),
   * offline, into the binding dir; the job's result is the LlamaBindingStatus. A no-op when it is built (unless
   * `force`); a second call while one runs returns the running job. Fails with `build_tools_missing` or
   * `llama_tools_build_failed` (also when the Node headers are missing).
   */
  buildLlamaBinding(args?: { force?: boolean }): Promise<{ jobId: string }>;
  /**
   * Checks a serving engine: normalises the URL (adds `/v1`), refuses a non-loopback host that is not in
   * `engines.allowedHosts` (`engine_host_not_allowed`), lists `GET /v1/models` and picks the model.
   * Throws `engine_unreachable` naming the URL.
   */
  resolveEngine(args: EngineTarget): Promise<EngineInfo>;
}

export const enginesMethods = {
  getLlamaTools: true,
  buildLlamaTools: true,
  getLlamaBinding: true,
  buildLlamaBinding: true,
  resolveEngine: true,
} as const satisfies Record<keyof EnginesApi, true>;
