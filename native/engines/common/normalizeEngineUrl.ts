/** An engine URL taken apart: the OpenAI base URL to call, and the host and port to check against the allow-list. */
export interface EngineUrl {
  /** Always ends in the API root, `/v1` unless the URL named another path. No trailing slash. */
  baseUrl: string;
  /** Host name or address as written (IPv6 without brackets), lower-cased. */
  host: string;
  port: number;
}

/**
 * The `--engine` contract: the URL is the OpenAI base URL including `/v1`; a bare host
 * (`http://127.0.0.1:8080`, with or without a trailing slash) gets `/v1`. Another path is kept as given (a
 * proxy may mount the API elsewhere). Returns a reason string instead when the URL is unusable: not http(s),
 * carrying credentials, a query or a fragment.
 */
export function normalizeEngineUrl(input: string): EngineUrl | { reason: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { reason: `"${input}" is not a URL; give the engine's base URL, e.g. http://127.0.0.1:8080/v1` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { reason: `engine URLs are http:// or https://, got ${url.protocol}` };
  if (url.username || url.password) return { reason: "put no credentials in the engine URL" };
  if (url.search || url.hash) return { reason: "the engine URL takes no query or fragment" };
  const pathname = url.pathname.replace(/\/+$/, "");
  const basePath = pathname === "" ? "/v1" : pathname;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return { baseUrl: `${url.protocol}//${url.host}${basePath}`, host: url.hostname.replace(/^\[|\]$/g, "").toLowerCase(), port };
}
