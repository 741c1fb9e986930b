import { TracetuneError } from "../common/TracetuneError.js";
import type { SampleCompletion, SampleOptions, SampleRequest, SampleResult, SamplingBackend } from "./SamplingBackend.js";
import { validateSampleRequest, type ResolvedSampleRequest } from "./validateSampleRequest.js";

export class RemoteSamplingError extends TracetuneError {
  /** The server went away or is not ready (refused, reset, 502-504): worth trying again later. */
  readonly isEngineGone: boolean;
  constructor(url: string, reason: string, options: { isEngineGone?: boolean } = {}) {
    super("remote_sampling_failed", `The sampling server at ${url} failed: ${reason}.`, { url, reason });
    this.isEngineGone = options.isEngineGone === true;
  }
}

/** The engine stayed away longer than the retry window: the work stops, resumable once it is back. */
export class EngineUnavailableError extends TracetuneError {
  constructor(url: string, reason: string, waitedMs: number) {
    super("engine_unavailable", `The engine at ${url} did not come back within ${Math.round(waitedMs / 1000)} s (${reason}). Start it again and resume.`, { url, reason, waitedMs });
  }
}

/** Default of `retryForMs` (the engines.retryMinutes setting): 5 minutes. */
export const DEFAULT_ENGINE_RETRY_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;

/** Socket-level failures that mean the server is gone (stopped, restarting, unreachable), not that it said no. */
const goneCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

export interface OpenAiSamplingBackendOptions {
  /** Base URL of an OpenAI-compatible server, e.g. "http://127.0.0.1:8080/v1" (llama.cpp server, vLLM). */
  baseUrl: string;
  /** The `model` field sent with each request. Default: "default". */
  model?: string;
  /** Sent as a Bearer token when set. Default: none. */
  apiKey?: string;
  /** Requests in flight at once; the server batches them. Default: 8. */
  parallelRequests?: number;
  /**
   * How long a completion keeps retrying (with backoff) while the server is gone before the call fails with
   * `engine_unavailable`. Default: DEFAULT_ENGINE_RETRY_MS (5 minutes). 0: no retry.
   */
  retryForMs?: number;
}

/**
 * Samples from an OpenAI-compatible server on the user's own network: one streamed request per completion
 * (seed + i each), `/completions` for raw prompts and `/chat/completions` for messages (the server applies
 * the template). The server shares the prompt itself (llama.cpp and vLLM cache prefixes). Token counts are
 * the streamed chunks (one token each on llama.cpp server and vLLM); an OpenAI "stop" finish is reported as
 * "stop" when the request had stop strings and "eos" otherwise, since the protocol does not say which.
 * A server that goes away (refused, reset mid-stream, 502-504 while it restarts) is retried with backoff
 * for `retryForMs`; meanwhile `onWaiting` reports the wait (the `waiting_for_engine` state) and `onRetry`
 * voids the text a completion had streamed before it starts again with the same seed. Note: the core's
 * egress monitor lets through only loopback and the allow-list (pinned addresses).
 */
export class OpenAiSamplingBackend implements SamplingBackend {
  readonly id: string;
  private readonly baseUrl: string;
  private isDisposed = false;

  constructor(private readonly options: OpenAiSamplingBackendOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.id = `openai:${this.baseUrl}`;
  }

  async sample(request: SampleRequest, { signal, onTokens, onWaiting, onRetry }: SampleOptions = {}): Promise<SampleResult> {
    if (this.isDisposed) throw new TracetuneError("disposed", `The sampling backend for ${this.baseUrl} has been disposed.`);
    const resolved = validateSampleRequest(request);
    const started = performance.now();
    const completions: SampleCompletion[] = new Array(resolved.k);
    const limit = this.options.parallelRequests ?? 8;
    let next = 0;
    let promptTokens = 0;
    // The first failed request fails the call; the requests still in flight are aborted, not left streaming.
    const failed = new AbortController();
    const requestSignal = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    const waits = new WaitTracker(onWaiting);
    const worker = async () => {
      while (next < resolved.k) {
        const index = next++;
        try {
          const { completion, prompt } = await this.streamRetrying(resolved, index, requestSignal, { onTokens, onRetry, waits });
          completions[index] = completion;
          promptTokens = Math.max(promptTokens, prompt);
        } catch (error) {
          failed.abort();
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, resolved.k) }, worker));
    const elapsedMs = performance.now() - started;
    const generated = completions.reduce((n, c) => n + c.tokens, 0);
    return { completions, promptTokens, elapsedMs, tokensPerSecond: elapsedMs > 0 ? generated / (elapsedMs / 1000) : 0 };
  }

  async dispose(): Promise<void> {
    this.isDisposed = true;
  }

  /** One completion, tried again with backoff while the server is gone, up to `retryForMs` since it went. */
  private async streamRetrying(
    request: ResolvedSampleRequest, index: number, signal: AbortSignal,
    hooks: { onTokens: SampleOptions["onTokens"]; onRetry: SampleOptions["onRetry"]; waits: WaitTracker },
  ): Promise<{ completion: SampleCompletion; prompt: number }> {
    const retryForMs = this.options.retryForMs ?? DEFAULT_ENGINE_RETRY_MS;
    let goneSince: number | null = null;
    let isWaiting = false;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await this.streamOne(request, index, signal, hooks.onTokens);
        if (isWaiting) hooks.waits.end();
        return result;
      } catch (error) {
        if (!(error instanceof RemoteSamplingError) || !error.isEngineGone || signal.aborted) {
          if (isWaiting) hooks.waits.end();
          throw error;
        }
        const now = Date.now();
        const reason = String(error.details.reason);
        if (goneSince === null) goneSince = now;
        const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(attempt, 10));
        if (now - goneSince + delay > retryForMs) {
          if (isWaiting) hooks.waits.end();
          throw new EngineUnavailableError(this.baseUrl, reason, now - goneSince);
        }
        hooks.onRetry?.(index);
        hooks.waits.update({ reason, since: goneSince, retryAt: now + delay, giveUpAt: goneSince + retryForMs }, !isWaiting);
        isWaiting = true;
        await sleep(delay, signal);
      }
    }
  }

  private async streamOne(request: ResolvedSampleRequest, index: number, signal: AbortSignal | undefined, onTokens: SampleOptions["onTokens"]): Promise<{ completion: SampleCompletion; prompt: number }> {
    const seed = request.seed + index;
    const isChat = request.messages !== undefined;
    const body = {
      model: this.options.model ?? "default",
      ...(isChat ? { messages: request.messages } : { prompt: request.prompt }),
      max_tokens: request.maxTokens, temperature: request.temperature, top_p: request.topP, top_k: request.topK, seed,
      ...(request.stop.length > 0 ? { stop: request.stop } : {}),
      ...(request.grammar ? { grammar: request.grammar } : {}),
      stream: true, stream_options: { include_usage: true },
    };
    const url = `${this.baseUrl}/${isChat ? "chat/completions" : "completions"}`;
    let text = "";
    let tokens = 0;
    let prompt = 0;
    let finishReason: SampleCompletion["finishReason"] = "eos";
    if (signal?.aborted) return { completion: { index, seed, text, finishReason: "cancelled", tokens }, prompt };
    try {
      const response = await fetchRetryingStaleSocket(url, {
        method: "POST", signal,
        headers: { "content-type": "application/json", ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify(body),
      });
      // 502-504: a proxy or the server itself says it is not ready (llama-server answers 503 while loading).
      if (!response.ok || !response.body) throw new RemoteSamplingError(url, `HTTP ${response.status} ${(await response.text().catch(() => "")).slice(0, 200)}`, { isEngineGone: [502, 503, 504].includes(response.status) });
      let buffer = "";
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n")) !== -1) {
          const line = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 1);
          if (!line.startsWith("data:")) continue;
          const data = line.slice(5).trim();
          if (data === "[DONE]") continue;
          const event = parseStreamEvent(url, data);
          // llama-server reports a failure mid-stream as an event with no choices (e.g. its output parser
          // refusing text that is not valid UTF-8); ignoring it would end the completion as if the model had.
          if (event.error !== undefined && event.error !== null) throw new RemoteSamplingError(url, `it reported an error mid-stream: ${typeof event.error === "object" && event.error?.message ? event.error.message : JSON.stringify(event.error)}`);
          if (event.usage?.prompt_tokens) prompt = event.usage.prompt_tokens;
          const choice = event.choices?.[0];
          if (!choice) continue;
          const piece = choice.text ?? choice.delta?.content ?? "";
          if (piece) {
            text += piece;
            tokens += 1;
            onTokens?.(index, piece);
          }
          if (choice.finish_reason === "length") finishReason = "maxTokens";
          else if (choice.finish_reason === "stop") finishReason = request.stop.length > 0 ? "stop" : "eos";
        }
      }
    } catch (error) {
      if (signal?.aborted) return { completion: { index, seed, text, finishReason: "cancelled", tokens }, prompt };
      if (error instanceof TracetuneError) throw error;
      // Node's fetch says only "fetch failed"; its cause says why (refused, reset, the egress monitor).
      const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
      const isEngineGone = cause?.code !== undefined && goneCodes.has(cause.code);
      throw new RemoteSamplingError(url, cause?.message ? `${cause.message}${cause.code ? ` (${cause.code})` : ""}` : error instanceof Error ? error.message : String(error), { isEngineGone });
    }
    return { completion: { index, seed, text, finishReason, tokens }, prompt };
  }
}

/**
 * Completions of one call retry independently; the caller sees one wait: it starts when the first completion
 * finds the server gone and ends when none is waiting any more.
 */
class WaitTracker {
  private waiting = 0;
  constructor(private readonly onWaiting: SampleOptions["onWaiting"]) {}

  update(state: { reason: string; since: number; retryAt: number; giveUpAt: number }, isNewWaiter: boolean): void {
    if (isNewWaiter) this.waiting += 1;
    this.onWaiting?.({ reason: state.reason, since: new Date(state.since).toISOString(), retryAt: new Date(state.retryAt).toISOString(), giveUpAt: new Date(state.giveUpAt).toISOString() });
  }

  end(): void {
    this.waiting = Math.max(0, this.waiting - 1);
    if (this.waiting === 0) this.onWaiting?.(null);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Socket errors of a request that never reached the server: a kept-alive connection it had already closed. */
const staleSocketCodes = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);
const STALE_SOCKET_RETRIES = 2;

/**
 * `fetch`, sent again when it fails before any response because the reused keep-alive connection was
 * closed under it. llama-server (v0.4.0) advertises keep-alive yet closes some connections after a stream
 * ends; measured here, 2 or 3 of 4 parallel requests sent right after the previous 4 finished failed with
 * "other side closed". Nothing was streamed, so sending again cannot duplicate text.
 */
async function fetchRetryingStaleSocket(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } })?.cause?.code;
      if (attempt >= STALE_SOCKET_RETRIES || init.signal?.aborted || !code || !staleSocketCodes.has(code)) throw error;
    }
  }
}

interface StreamEvent {
  choices?: Array<{ text?: string; delta?: { content?: string }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number };
  error?: { message?: string } | string | null;
}

/** One `data:` line of the event stream; a line that is not a JSON object is a server answering garbage. */
function parseStreamEvent(url: string, data: string): StreamEvent {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    throw new RemoteSamplingError(url, `it streamed a line that is not JSON: ${JSON.stringify(data.slice(0, 80))}`);
  }
  if (!event || typeof event !== "object" || Array.isArray(event)) throw new RemoteSamplingError(url, `it streamed an event that is not an object: ${JSON.stringify(data.slice(0, 80))}`);
  return event as StreamEvent;
}
