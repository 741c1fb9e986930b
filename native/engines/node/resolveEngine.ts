import type { EngineInfo, EngineTarget } from "../../api/enginesApi.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import { normalizeEngineUrl } from "../common/normalizeEngineUrl.js";
import { EngineHostNotAllowedError, EngineUnreachableError } from "../engineErrors.js";
import { isEngineHostAllowed } from "./checkEngineHost.js";
import { fetchEngineModels } from "./fetchEngineModels.js";

/**
 * Checks an engine before sampling from it: a usable URL (`/v1` added to a bare host), a host tracetune may
 * reach (loopback, or the allow-list), and a model: the one asked for (passed through as given: llama-server
 * answers to any name, vLLM names a wrong one in its own error) or the first id `GET /v1/models` lists.
 */
export async function resolveEngine(options: { target: EngineTarget; allowedHosts: readonly string[]; signal?: AbortSignal }): Promise<EngineInfo> {
  const { target, allowedHosts, signal } = options;
  if (!target || typeof target.url !== "string" || target.url.trim() === "") throw new InvalidInputError('Field "url" must be the engine\'s base URL, e.g. http://127.0.0.1:8080/v1.', { field: "url" });
  if (target.model !== undefined && (typeof target.model !== "string" || target.model === "")) throw new InvalidInputError('Field "model" must be a model id.', { field: "model" });
  const url = normalizeEngineUrl(target.url);
  if ("reason" in url) throw new InvalidInputError(`Cannot use engine ${target.url}: ${url.reason}.`, { field: "url" });
  if (!isEngineHostAllowed(url.host, url.port, allowedHosts)) throw new EngineHostNotAllowedError(url.baseUrl, url.host);
  const models = await fetchEngineModels({ baseUrl: url.baseUrl, signal });
  const model = target.model ?? models[0];
  if (model === undefined) throw new EngineUnreachableError(`${url.baseUrl}/models`, "it lists no models; name one with --engine-model");
  return { baseUrl: url.baseUrl, model, models };
}
