import { TracetuneError } from "../common/TracetuneError.js";
import type { SampleCompletion, SampleOptions, SampleRequest, SampleResult, SamplingBackend } from "./SamplingBackend.js";
import { validateSampleRequest, type ResolvedSampleRequest } from "./validateSampleRequest.js";

export class RemoteSamplingError extends TracetuneError {
  constructor(url: string, reason: string) {
    super("remote_sampling_failed", `The sampling server at ${url} failed: ${reason}.`, { url, reason });
  }
}

export interface OpenAiSamplingBackendOptions {
  /** Base URL of an OpenAI-compatible server, e.g. "http://127.0.0.1:8080/v1" (llama.cpp server, vLLM). */
  baseUrl: string;
  /** The `model` field sent with each request. Default: "default". */
  model?: string;
  /** Sent as a Bearer token when set. Default: none. */
  apiKey?: string;
  /** Requests in flight at once; the server batches them. Default: 8. */
  parallelRequests?: number;
}

/**
 * Samples from an OpenAI-compatible server on the user's own network: one streamed request per completion
 * (seed + i each), `/completions` for raw prompts and `/chat/completions` for messages (the server applies
 * the template). The server shares the prompt itself (llama.cpp and vLLM cache prefixes). Token counts are
 * the streamed chunks (one token each on llama.cpp server and vLLM); an OpenAI "stop" finish is reported as
 * "stop" when the request had stop strings and "eos" otherwise, since the protocol does not say which.
 * Note: the core's egress monitor refuses non-loopback connections, so in the app this reaches only
 * servers on this machine until the user allows a host.
 */
export class OpenAiSamplingBackend implements SamplingBackend {
  readonly id: string;
  private readonly baseUrl: string;
  private isDisposed = false;

  constructor(private readonly options: OpenAiSamplingBackendOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.id = `openai:${this.baseUrl}`;
  }

  async sample(request: SampleRequest, { signal, onTokens }: SampleOptions = {}): Promise<SampleResult> {
    if (this.isDisposed) throw new TracetuneError("disposed", `The sampling backend for ${this.baseUrl} has been disposed.`);
    const resolved = validateSampleRequest(request);
    const started = performance.now();
    const completions: SampleCompletion[] = new Array(resolved.k);
    const limit = this.options.parallelRequests ?? 8;
    let next = 0;
    let promptTokens = 0;
    const worker = async () => {
      while (next < resolved.k) {
        const index = next++;
        const { completion, prompt } = await this.streamOne(resolved, index, signal, onTokens);
        completions[index] = completion;
        promptTokens = Math.max(promptTokens, prompt);
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
      const response = await fetch(url, {
        method: "POST", signal,
        headers: { "content-type": "application/json", ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok || !response.body) throw new RemoteSamplingError(url, `HTTP ${response.status} ${(await response.text().catch(() => "")).slice(0, 200)}`);
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
          const event = JSON.parse(data) as { choices?: Array<{ text?: string; delta?: { content?: string }; finish_reason?: string | null }>; usage?: { prompt_tokens?: number } };
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
      throw new RemoteSamplingError(url, error instanceof Error ? error.message : String(error));
    }
    return { completion: { index, seed, text, finishReason, tokens }, prompt };
  }
}
