import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

let cached: number | null = null;

/**
 * Physical CPU cores, the default evaluation thread count: on a 2-core machine node-llama-cpp's default
 * (4 threads) was measured 10–100× slower, since oversubscribed ggml threads spin-wait on each other.
 * Linux: distinct (physical id, core id) pairs in /proc/cpuinfo; macOS: hw.physicalcpu; else logical cores.
 */
export function physicalCoreCount(): number {
  if (cached !== null) return cached;
  cached = readPhysicalCores() ?? os.availableParallelism();
  return cached;
}

function readPhysicalCores(): number | null {
  try {
    if (process.platform === "linux") {
      const cores = new Set<string>();
      for (const block of readFileSync("/proc/cpuinfo", "utf8").split(/\n\s*\n/)) {
        const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
        const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
        if (physical !== undefined && core !== undefined) cores.add(`${physical}:${core}`);
      }
      return cores.size > 0 ? cores.size : null;
    }
    if (process.platform === "darwin") return Number(execFileSync("sysctl", ["-n", "hw.physicalcpu"], { encoding: "utf8" }).trim()) || null;
  } catch {
    // Unreadable: fall back to logical cores.
  }
  return null;
}
