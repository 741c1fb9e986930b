import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { SandboxNetworkReport } from "../../api/offlineTypes.js";

/** Whether the sandbox process can be started with no network at all, and how. */
export interface NetworkIsolation {
  namespace: SandboxNetworkReport["namespace"];
  /** Why there is no namespace; null when there is one. */
  reason: string | null;
  /** util-linux's unshare (absolute path) when `namespace` is "isolated". */
  unsharePath: string | null;
}

/**
 * A fresh user namespace, and in it a fresh network namespace: an unprivileged process may create the second
 * only inside a user namespace it owns. No uid is mapped, so the sandbox holds no capability even there; its
 * only interface is a loopback that is down, so no socket reaches anything, loopback of the host included.
 */
const UNSHARE_ARGS = ["--user", "--net", "--"];

let cached: NetworkIsolation | null = null;

/**
 * Finds out once per process whether this platform lets an unprivileged process start a program without
 * network (Linux user + network namespaces), by trying it: kernels and policies differ (user namespaces
 * switched off by sysctl, AppArmor's restriction on Ubuntu 24.04, seccomp in containers).
 */
export function detectNetworkIsolation(): NetworkIsolation {
  cached ??= probeNetworkIsolation();
  return cached;
}

/** `command args`, started inside a fresh network namespace when the isolation has one. */
export function withNetworkIsolation(isolation: NetworkIsolation, command: string, args: string[]): { command: string; args: string[] } {
  if (isolation.namespace !== "isolated" || !isolation.unsharePath) return { command, args };
  return { command: isolation.unsharePath, args: [...UNSHARE_ARGS, command, ...args] };
}

function probeNetworkIsolation(): NetworkIsolation {
  if (process.platform !== "linux") return { namespace: "unsupported", reason: `not available on this platform (${process.platform})`, unsharePath: null };
  const unsharePath = findExecutable("unshare");
  if (!unsharePath) return { namespace: "unavailable", reason: "util-linux's unshare is not installed", unsharePath: null };
  // The probe runs unshare itself inside the namespace, so it proves both the namespace and an exec in it.
  const result = spawnSync(unsharePath, [...UNSHARE_ARGS, unsharePath, "--version"], { encoding: "utf8", timeout: 10_000, env: {} });
  if (result.status === 0) return { namespace: "isolated", reason: null, unsharePath };
  const why = result.error?.message ?? (result.stderr.trim() || `exit code ${result.status}`);
  return { namespace: "unavailable", reason: `this system refused an unprivileged network namespace (${why})`, unsharePath: null };
}

function findExecutable(name: string): string | null {
  // The usual places first: a GUI app's PATH can be minimal.
  const dirs = ["/usr/bin", "/bin", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}
