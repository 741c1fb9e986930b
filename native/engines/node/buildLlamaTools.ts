import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LlamaToolName, LlamaToolsManifest } from "../../api/enginesApi.js";
import { llamaToolNames } from "../common/llamaToolNames.js";
import { parseBuildProgress } from "../common/parseBuildProgress.js";
import { LlamaToolsBuildError } from "../engineErrors.js";
import { findBuildTools } from "./findBuildTools.js";
import { findLlamaToolBinary } from "./findLlamaToolBinary.js";
import { isManifestComplete, manifestFileName, readLlamaToolsManifest } from "./readLlamaToolsManifest.js";
import type { BundledLlamaRelease } from "./readBundledLlamaRelease.js";
import { readLlamaToolVersion } from "./readLlamaToolVersion.js";
import { runBuildStep } from "./runBuildStep.js";

/**
 * Release, CPU only (no CUDA/Vulkan/Metal toolkits needed), static so the binaries can be copied out of the
 * build tree, and nothing that reaches the network: no curl or OpenSSL, no prebuilt web UI download (the
 * server's UI would come from a Hugging Face bucket), no npm build of it. Examples stay on because
 * llama-finetune lives in examples/training; only the four targets are compiled.
 */
export const llamaToolsCmakeFlags: readonly string[] = [
  "-DCMAKE_BUILD_TYPE=Release",
  "-DBUILD_SHARED_LIBS=OFF",
  "-DGGML_CUDA=OFF", "-DGGML_VULKAN=OFF", "-DGGML_METAL=OFF", "-DGGML_HIP=OFF", "-DGGML_SYCL=OFF",
  "-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF", "-DLLAMA_BUILD_BORINGSSL=OFF",
  "-DLLAMA_USE_PREBUILT_UI=OFF", "-DLLAMA_BUILD_UI=OFF",
  "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=ON", "-DLLAMA_BUILD_TOOLS=ON", "-DLLAMA_BUILD_SERVER=ON", "-DLLAMA_BUILD_APP=OFF",
  // The bundle is a release tag: report "0.4.0", not "0.4.0-dev", so a user's release build compares equal.
  "-DLLAMA_BUILD_IS_DEV=OFF",
];

export type BuildPhase = "check" | "clone" | "configure" | "build" | "install";

export interface BuildLlamaToolsOptions {
  release: BundledLlamaRelease;
  /** The tools dir; binaries go to `<dir>/bin`, the manifest to `<dir>/tracetune-llama-tools.json`. */
  dir: string;
  /** Rebuild even when the manifest says the tools are there. Default: false. */
  force?: boolean;
  /** Compile jobs. Default: `os.availableParallelism()`. */
  parallelJobs?: number;
  /** Where the temporary clone and build tree go (removed afterwards). Default: `os.tmpdir()`. */
  workDir?: string;
  signal?: AbortSignal;
  /** Build steps done of total (Ninja: exact steps; Make: percent); total is null before the build starts. */
  onProgress?: (progress: { phase: BuildPhase; done: number; total: number | null }) => void;
  /** Every line the build prints, for a log. */
  onLine?: (line: string) => void;
}

/**
 * Builds llama.cpp's tools from the release bundled with node-llama-cpp, offline: clones the git bundle into
 * a temporary dir, configures with CMake, builds only the four targets and installs the binaries, then
 * writes the manifest last, so an interrupted build is never mistaken for a finished one. A no-op (isBuilt
 * false) when the manifest already lists every tool of this release and each binary is there.
 */
export async function buildLlamaTools(options: BuildLlamaToolsOptions): Promise<{ manifest: LlamaToolsManifest; isBuilt: boolean }> {
  const { release, dir, force = false, parallelJobs = os.availableParallelism(), signal, onProgress, onLine } = options;
  const existing = await readLlamaToolsManifest(dir);
  if (!force && isManifestComplete(existing, dir, release.tag)) return { manifest: existing, isBuilt: false };
  if (!release.bundlePath) throw new LlamaToolsBuildError(`node-llama-cpp ships no llama.cpp source bundle in ${release.llamaDir} (gitRelease.bundle)`, { llamaDir: release.llamaDir });

  onProgress?.({ phase: "check", done: 0, total: null });
  const tools = findBuildTools();
  const started = performance.now();
  const work = await mkdtemp(path.join(options.workDir ?? os.tmpdir(), `tracetune-llama-${release.tag}-`));
  const source = path.join(work, "src");
  const build = path.join(work, "build");
  // No prompts, no credential helpers: the clone reads a local file and nothing else.
  const env = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1" };
  try {
    onProgress?.({ phase: "clone", done: 0, total: null });
    await runBuildStep({ step: "clone", command: tools.git, args: ["-c", "advice.detachedHead=false", "clone", "--quiet", release.bundlePath, source], env, signal, onLine });
    const commit = await readHeadCommit(source);

    onProgress?.({ phase: "configure", done: 0, total: null });
    const generator = tools.ninja ? ["-G", "Ninja", `-DCMAKE_MAKE_PROGRAM=${tools.ninja}`] : [];
    const compiler = tools.cxx ? [`-DCMAKE_CXX_COMPILER=${tools.cxx}`] : [];
    const flags = [...llamaToolsCmakeFlags];
    await runBuildStep({ step: "configure", command: tools.cmake, args: ["-S", source, "-B", build, ...generator, ...compiler, ...flags], env, signal, onLine });

    onProgress?.({ phase: "build", done: 0, total: null });
    await runBuildStep({
      step: "build", command: tools.cmake, env, signal,
      args: ["--build", build, "--config", "Release", "--target", ...llamaToolNames, "--parallel", String(Math.max(1, parallelJobs))],
      onLine: (line) => {
        onLine?.(line);
        const progress = parseBuildProgress(line);
        if (progress) onProgress?.({ phase: "build", ...progress });
      },
    });

    onProgress?.({ phase: "install", done: 0, total: null });
    const binaries = await installBinaries(build, dir);
    const version = await readLlamaToolVersion(path.join(dir, binaries["llama-server"]));
    const manifest: LlamaToolsManifest = {
      tag: release.tag, commit, targets: [...llamaToolNames], binaries, version: version?.line ?? null, cmakeFlags: flags,
      platform: `${process.platform}-${process.arch}`, builtAt: new Date().toISOString(), buildSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
    const manifestFile = path.join(dir, manifestFileName);
    await writeFile(`${manifestFile}.partial`, JSON.stringify(manifest, null, 2) + "\n");
    await rename(`${manifestFile}.partial`, manifestFile);
    return { manifest, isBuilt: true };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies each tool into `<dir>/bin` under a temporary name and renames it, so a reader never runs half a binary. */
async function installBinaries(build: string, dir: string): Promise<Record<LlamaToolName, string>> {
  const binDir = path.join(dir, "bin");
  await mkdir(binDir, { recursive: true });
  const binaries = {} as Record<LlamaToolName, string>;
  for (const tool of llamaToolNames) {
    const built = findLlamaToolBinary(build, tool);
    if (!built) throw new LlamaToolsBuildError(`the build finished but ${tool} is not in ${path.join(build, "bin")}`, { tool });
    const target = path.join(binDir, path.basename(built));
    await copyFile(built, `${target}.partial`);
    await chmod(`${target}.partial`, 0o755);
    await rename(`${target}.partial`, target);
    binaries[tool] = path.relative(dir, target);
  }
  return binaries;
}

/** The checked-out commit, read from .git/HEAD (a clone of the bundle has a detached HEAD). */
async function readHeadCommit(source: string): Promise<string | null> {
  const head = (await readFile(path.join(source, ".git", "HEAD"), "utf8").catch(() => "")).trim();
  return /^[0-9a-f]{40}$/.test(head) ? head : null;
}
