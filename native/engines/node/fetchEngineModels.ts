import { EngineUnreachableError } from "../engineErrors.js";

/** A healthy engine lists its models at once; a longer wait means it is down or still loading. */
const MODELS_TIMEOUT_MS = 15_000;

/** The model ids an OpenAI-compatible engine serves (`GET <baseUrl>/models`), in its order. */
export async function fetchEngineModels(options: { baseUrl: string; apiKey?: string; signal?: AbortSignal }): Promise<string[]> {
  const { baseUrl, apiKey, signal } = options;
  const url = `${baseUrl}/models`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(MODELS_TIMEOUT_MS)]) : AbortSignal.timeout(MODELS_TIMEOUT_MS),
    });
  } catch (error) {
    throw new EngineUnreachableError(url, describeFetchError(error));
  }
  const body = await response.text().catch(() => "");
  if (!response.ok) throw new EngineUnreachableError(url, `HTTP ${response.status} ${body.slice(0, 200)}`);
  let ids: unknown;
  try {
    ids = (JSON.parse(body) as { data?: Array<{ id?: unknown }> }).data?.map((entry) => entry.id);
  } catch {
    throw new EngineUnreachableError(url, `it answered with something other than JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) throw new EngineUnreachableError(url, 'its answer has no "data" list of models with string ids');
  return ids as string[];
}

/**
 * Node's fetch says only "fetch failed"; the cause says why (refused, no such host, or the core's egress
 * monitor refusing a non-loopback address).
 */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return error.name === "TimeoutError" ? `no answer within ${MODELS_TIMEOUT_MS / 1000} s` : "cancelled";
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code === "egress_blocked") return `${(cause.message ?? "").replace(/\.$/, "")} (the core's egress monitor refuses every non-loopback connection except to the addresses a host in engines.allowedHosts resolved to when it was first used)`;
  if (cause?.code === "ECONNREFUSED") return "connection refused (is the server running on that port?)";
  if (cause?.code === "ENOTFOUND") return "no such host";
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
