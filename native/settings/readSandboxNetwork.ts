import type { SandboxNetworkReport } from "../api/offlineTypes.js";
import type { SharedPythonRuntime } from "../python/SharedPythonRuntime.js";
import { detectNetworkIsolation } from "../python/node/detectNetworkIsolation.js";

/** The sandbox's network for the settings and egress reports; never starts a sandbox just to ask. */
export async function readSandboxNetwork(python: SharedPythonRuntime): Promise<SandboxNetworkReport> {
  const { namespace, reason } = detectNetworkIsolation();
  const runtime = await python.peek();
  const refusedSockets = runtime ? await runtime.stats().then((stats) => stats.refusedSockets ?? null, () => null) : null;
  return { platform: process.platform, namespace, reason, refusedSockets };
}
