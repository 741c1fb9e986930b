import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { LlamaToolsBuildError } from "../engineErrors.js";
import { addonPatchId, patchLlamaAddon } from "../common/patchLlamaAddon.js";
import { parseBuildProgress } from "../common/parseBuildProgress.js";
import { findBuildTools } from "./findBuildTools.js";
import { bindingManifestFileName, isBindingManifestCurrent, readLlamaBindingManifest, type LlamaBindingManifest } from "./llamaBindingManifest.js";
import type { BundledLlamaRelease } from "./readBundledLlamaRelease.js";
import { platformCacheDir } from "./resolveLlamaToolsDir.js";
import { runBuildStep } from "./runBuildStep.js";

const require = createRequire(import.meta.url);

/**
 * Where tracetune's build of node-llama-cpp's binding lives: `$TRACETUNE_LLAMA_BINDING_DIR` as given, else
 * `<cache>/tracetune/node-llama-cpp/<version>-<tag>` (the same cache root as the llama.cpp tools), outside the
 * clone so a fresh checkout on the same machine finds it.
 */
export function resolveLlamaBindingDir(options: { nodeLlamaCppVersion: string; tag: string; env?: NodeJS.ProcessEnv }): string {
  const { nodeLlamaCppVersion, tag, env = process.env } = options;
  if (env.TRACETUNE_LLAMA_BINDING_DIR) return path.resolve(env.TRACETUNE_LLAMA_BINDING_DIR);
  return path.join(platformCacheDir(process.platform, env, os.homedir()), "tracetune", "node-llama-cpp", `${nodeLlamaCppVersion}-${tag}`);
}

/**
 * The headers of the running Node (node_api.h): `$TRACETUNE_NODE_HEADERS`, else `<prefix>/include/node` next to
 * the node binary (/usr/bin/node → /usr/include/node; nvm and the official tarballs lay it out the same way).
 * Never downloaded: the build is offline. The addon uses N-API 7 only, so it loads in any later Node or Electron.
 */
export function findNodeHeaders(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.TRACETUNE_NODE_HEADERS, path.resolve(path.dirname(process.execPath), "..", "include", "node")].filter((dir): dir is string => !!dir);
  return candidates.find((dir) => existsSync(path.join(dir, "node_api.h"))) ?? null;
}

/**
 * CPU only (like the llama.cpp tools), static so the whole engine is one `.node` file, native CPU code
 * (node-llama-cpp's own source builds do the same), and nothing that reaches the network.
 */
export const llamaBindingCmakeFlags: readonly string[] = [
  "-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=OFF", "-DGGML_NATIVE=ON", "-DGGML_BUILD_NUMBER=1", "-DGGML_CCACHE=OFF",
  "-DGGML_CUDA=OFF", "-DGGML_VULKAN=OFF", "-DGGML_METAL=OFF", "-DGGML_HIP=OFF", "-DGGML_SYCL=OFF",
  "-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF", "-DLLAMA_BUILD_BORINGSSL=OFF",
  "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_BUILD_TOOLS=OFF", "-DLLAMA_BUILD_SERVER=OFF",
];

const addonTarget = "llama-addon";

export type BindingBuildPhase = "check" | "clone" | "patch" | "configure" | "build" | "install";

export interface BuildLlamaBindingOptions {
  release: BundledLlamaRelease;
  nodeLlamaCppVersion: string;
  /** The binding dir: `<dir>/bin/llama-addon.node` and the manifest; the build tree is `<dir>/work` until it succeeds. */
  dir: string;
  force?: boolean;
  parallelJobs?: number;
  /** Keep `<dir>/work` after a successful build (a rebuild is then incremental). Default false. */
  keepWork?: boolean;
  /** CMake flags after the defaults (they win), e.g. `-DGGML_OPENMP=OFF` for an A/B build. */
  extraCmakeFlags?: string[];
  signal?: AbortSignal;
  onProgress?: (progress: { phase: BindingBuildPhase; done: number; total: number | null }) => void;
  onLine?: (line: string) => void;
}

/**
 * Builds node-llama-cpp's native addon from the sources in its package (`llama/addon`, `llama/CMakeLists.txt`)
 * and the bundled llama.cpp release (with node-llama-cpp's own patch), plus one method (patchLlamaAddon.ts),
 * offline: node-addon-api from node_modules, the Node headers from the local install, no cmake-js (it would
 * download headers). The sources are copied into `<dir>/work/src` and patched there; node_modules is never
 * touched. The manifest is written last. A no-op when the manifest is current.
 */
export async function buildLlamaBinding(options: BuildLlamaBindingOptions): Promise<{ manifest: LlamaBindingManifest; isBuilt: boolean }> {
  const { release, nodeLlamaCppVersion, dir, force = false, parallelJobs = os.availableParallelism(), keepWork = false, extraCmakeFlags = [], signal, onProgress, onLine } = options;
  const existing = await readLlamaBindingManifest(dir);
  if (!force && isBindingManifestCurrent(existing, dir, { nodeLlamaCppVersion, tag: release.tag })) return { manifest: existing, isBuilt: false };
  if (!release.bundlePath) throw new LlamaToolsBuildError(`node-llama-cpp ships no llama.cpp source bundle in ${release.llamaDir} (gitRelease.bundle)`, { llamaDir: release.llamaDir });
  if (process.platform === "win32") throw new LlamaToolsBuildError("building the binding needs node.lib on Windows, which is not installed offline; the sampler shares prompts through state files there");

  onProgress?.({ phase: "check", done: 0, total: null });
  const tools = findBuildTools();
  const headers = findNodeHeaders();
  if (!headers) throw new LlamaToolsBuildError(`the Node headers (node_api.h) are not in ${path.resolve(path.dirname(process.execPath), "..", "include", "node")}; install them (Debian: apt-get install libnode-dev) or set TRACETUNE_NODE_HEADERS`);
  const addonApiDir = path.dirname(require.resolve("node-addon-api/package.json"));
  const started = performance.now();
  const work = path.join(dir, "work");
  const source = path.join(work, "src");
  const build = path.join(work, "build");
  const env = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", NODE_PATH: path.dirname(addonApiDir) };

  const commit = await prepareSources({ release, source, git: tools.git, env, signal, onLine, onProgress });

  onProgress?.({ phase: "configure", done: 0, total: null });
  const generator = tools.ninja ? ["-G", "Ninja", `-DCMAKE_MAKE_PROGRAM=${tools.ninja}`] : [];
  const compiler = tools.cxx ? [`-DCMAKE_CXX_COMPILER=${tools.cxx}`] : [];
  const platform = `${process.platform === "darwin" ? "mac" : process.platform}-${process.arch}`;
  const flags = [...llamaBindingCmakeFlags, `-DCMAKE_JS_INC=${headers}`, `-DNLC_CURRENT_PLATFORM=${platform}`, `-DNLC_TARGET_PLATFORM=${platform}`, ...extraCmakeFlags];
  // macOS: a Node addon leaves Node's symbols to be resolved at load time, as cmake-js does.
  if (process.platform === "darwin") flags.push("-DCMAKE_SHARED_LINKER_FLAGS=-undefined dynamic_lookup");
  await runBuildStep({ step: "configure", command: tools.cmake, args: ["-S", source, "-B", build, ...generator, ...compiler, ...flags], env, signal, onLine });

  onProgress?.({ phase: "build", done: 0, total: null });
  await runBuildStep({
    step: "build", command: tools.cmake, env, signal,
    args: ["--build", build, "--config", "Release", "--target", addonTarget, "--parallel", String(Math.max(1, parallelJobs))],
    onLine: (line) => {
      onLine?.(line);
      const progress = parseBuildProgress(line);
      if (progress) onProgress?.({ phase: "build", ...progress });
    },
  });

  onProgress?.({ phase: "install", done: 0, total: null });
  const built = [path.join(build, `${addonTarget}.node`), path.join(build, "Release", `${addonTarget}.node`)].find((file) => existsSync(file));
  if (!built) throw new LlamaToolsBuildError(`the build finished but ${addonTarget}.node is not in ${build}`);
  const binDir = path.join(dir, "bin");
  await mkdir(binDir, { recursive: true });
  const target = path.join(binDir, `${addonTarget}.node`);
  await cp(built, `${target}.partial`);
  await rename(`${target}.partial`, target);
  const manifest: LlamaBindingManifest = {
    nodeLlamaCppVersion, tag: release.tag, commit, patchId: addonPatchId, binding: path.relative(dir, target),
    platform: `${process.platform}-${process.arch}`, cmakeFlags: flags, builtAt: new Date().toISOString(),
    buildSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  const manifestFile = path.join(dir, bindingManifestFileName);
  await writeFile(`${manifestFile}.partial`, JSON.stringify(manifest, null, 2) + "\n");
  await rename(`${manifestFile}.partial`, manifestFile);
  if (!keepWork) await rm(work, { recursive: true, force: true });
  return { manifest, isBuilt: true };
}

/**
 * `<source>`: node-llama-cpp's CMakeLists.txt, cmake/ and addon/ (patched), and the bundled llama.cpp checked out
 * in `<source>/llama.cpp` with node-llama-cpp's patches applied. Reused when a previous run left it complete
 * (the marker file is written last), so a failed compile resumes instead of starting over.
 */
async function prepareSources(options: {
  release: BundledLlamaRelease; source: string; git: string; env: NodeJS.ProcessEnv; signal?: AbortSignal;
  onLine?: (line: string) => void; onProgress?: BuildLlamaBindingOptions["onProgress"];
}): Promise<string | null> {
  const { release, source, git, env, signal, onLine, onProgress } = options;
  const marker = path.join(source, ".tracetune-sources-ready");
  const expected = `${release.tag} patch ${addonPatchId}`;
  const ready = await readFile(marker, "utf8").catch(() => "");
  if (ready === expected) return readHeadCommit(path.join(source, "llama.cpp"));
  // Only the patch changed (a kept build tree, `keepWork`): re-copy and re-patch the addon, keep llama.cpp's
  // checkout so the rebuild compiles the addon alone.
  if (ready.startsWith(`${release.tag} patch `)) {
    onProgress?.({ phase: "patch", done: 0, total: null });
    await rm(marker, { force: true });
    await copyPatchedAddon(release, source);
    await writeFile(marker, expected);
    return readHeadCommit(path.join(source, "llama.cpp"));
  }
  await rm(source, { recursive: true, force: true });
  await mkdir(source, { recursive: true });
  onProgress?.({ phase: "clone", done: 0, total: null });
  const llamaCpp = path.join(source, "llama.cpp");
  await runBuildStep({ step: "clone", command: git, args: ["-c", "advice.detachedHead=false", "clone", "--quiet", release.bundlePath!, llamaCpp], env, signal, onLine });
  onProgress?.({ phase: "patch", done: 0, total: null });
  // The patches node-llama-cpp applies to its own source builds (llama/patches); one already upstream fails `--check` and is skipped.
  const patchesDir = path.join(release.llamaDir, "patches");
  const patches = existsSync(patchesDir) ? (await readdir(patchesDir)).filter((file) => file.endsWith(".diff") || file.endsWith(".patch")).sort() : [];
  for (const name of patches) {
    const file = path.join(patchesDir, name);
    const applies = await runBuildStep({ step: `check ${name}`, command: git, args: ["apply", "--check", "--ignore-whitespace", file], cwd: llamaCpp, env, signal }).then(() => true, () => false);
    if (applies) await runBuildStep({ step: `apply ${name}`, command: git, args: ["apply", "--ignore-whitespace", file], cwd: llamaCpp, env, signal, onLine });
  }
  await copyPatchedAddon(release, source);
  await writeFile(marker, expected);
  return readHeadCommit(llamaCpp);
}

/** node-llama-cpp's CMakeLists.txt, cmake/ and addon/ into `<source>`, timestamps kept (unchanged files are not rebuilt), AddonContext patched. */
async function copyPatchedAddon(release: BundledLlamaRelease, source: string): Promise<void> {
  await cp(path.join(release.llamaDir, "CMakeLists.txt"), path.join(source, "CMakeLists.txt"), { preserveTimestamps: true });
  await cp(path.join(release.llamaDir, "cmake"), path.join(source, "cmake"), { recursive: true, preserveTimestamps: true });
  await cp(path.join(release.llamaDir, "addon"), path.join(source, "addon"), { recursive: true, preserveTimestamps: true });
  const headerFile = path.join(source, "addon", "AddonContext.h");
  const sourceFile = path.join(source, "addon", "AddonContext.cpp");
  let patched: { header: string; source: string };
  try {
    patched = patchLlamaAddon({ header: await readFile(headerFile, "utf8"), source: await readFile(sourceFile, "utf8") });
  } catch (error) {
    throw new LlamaToolsBuildError(`node-llama-cpp's addon sources changed: ${(error as Error).message}; update native/engines/common/patchLlamaAddon.ts`);
  }
  await writeFile(headerFile, patched.header);
  await writeFile(sourceFile, patched.source);
}

async function readHeadCommit(checkout: string): Promise<string | null> {
  const head = (await readFile(path.join(checkout, ".git", "HEAD"), "utf8").catch(() => "")).trim();
  return /^[0-9a-f]{40}$/.test(head) ? head : null;
}
