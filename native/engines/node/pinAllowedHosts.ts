import { lookup } from "node:dns/promises";
import net from "node:net";
import type { AllowedEndpoint } from "../../api/offlineTypes.js";
import { parseAllowedHost } from "./checkEngineHost.js";

/**
 * Resolves `engines.allowedHosts` entries to endpoints the egress monitor enforces. Each entry is resolved
 * once per process and kept (`pinned`): a later DNS answer cannot move an allowed name to another address
 * (DNS rebinding). An entry that does not resolve is kept with no addresses (nothing is allowed for it) and
 * tried again on the next call.
 */
export async function pinAllowedHosts(entries: readonly string[], pinned: Map<string, AllowedEndpoint>): Promise<AllowedEndpoint[]> {
  const endpoints: AllowedEndpoint[] = [];
  for (const entry of entries) {
    const parsed = parseAllowedHost(entry);
    if (!parsed) continue;
    let endpoint = pinned.get(entry);
    if (!endpoint || endpoint.addresses.length === 0) {
      endpoint = { entry, host: parsed.host, port: parsed.port, ...(await resolveOnce(parsed.host)) };
      pinned.set(entry, endpoint);
    }
    endpoints.push(endpoint);
  }
  return endpoints;
}

async function resolveOnce(host: string): Promise<{ addresses: string[]; error: string | null }> {
  if (net.isIP(host)) return { addresses: [host], error: null };
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    return { addresses: [...new Set(found.map((entry) => entry.address))], error: null };
  } catch (error) {
    return { addresses: [], error: `${host} did not resolve: ${(error as { code?: string }).code ?? (error as Error).message}` };
  }
}
