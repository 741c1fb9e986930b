import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { LlamaToolName } from "../../api/enginesApi.js";

/** Where a CMake build leaves a tool: single-config generators in bin/, Visual Studio in bin/Release/. */
const buildOutputDirs = ["", "bin", path.join("bin", "Release"), path.join("build", "bin"), path.join("build", "bin", "Release")];

/**
 * A tool's binary in `dir`: the tools dir itself, or a llama.cpp checkout or build folder (a user's own
 * build is found whether they point at the checkout, its build/ folder or its bin/ folder). Null when absent.
 */
export function findLlamaToolBinary(dir: string, tool: LlamaToolName, platform: NodeJS.Platform = process.platform): string | null {
  const file = platform === "win32" ? `${tool}.exe` : tool;
  for (const sub of buildOutputDirs) {
    const candidate = path.join(dir, sub, file);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}
