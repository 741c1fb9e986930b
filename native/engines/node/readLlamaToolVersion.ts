import { execFile } from "node:child_process";
import { parseLlamaVersion, type LlamaVersion } from "../common/parseLlamaVersion.js";

/** `--version` prints and exits at once; a binary that hangs longer is not a llama.cpp tool. */
const VERSION_TIMEOUT_MS = 15_000;

/**
 * Runs `<binary> --version` (llama.cpp prints it on stderr and exits 0) and parses the build it reports.
 * Null when the binary cannot run or prints no version line.
 */
export function readLlamaToolVersion(binary: string): Promise<LlamaVersion | null> {
  return new Promise((resolve) => {
    execFile(binary, ["--version"], { timeout: VERSION_TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      const parsed = parseLlamaVersion(`${stderr}\n${stdout}`);
      resolve(parsed ?? (error ? null : parseLlamaVersion(stdout)));
    });
  });
}
