import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeLlamas } from "../../../native/models/loadLlama.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { OpenAiSamplingBackend } from "../../../native/sampling/OpenAiSamplingBackend.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

// The remote server is the one true boundary here: a minimal OpenAI-compatible /v1/completions endpoint on
// loopback, answering with real llama.cpp inference from LocalSamplingBackend, streamed as SSE.
let local: LocalSamplingBackend;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  local = await LocalSamplingBackend.create({ modelPath: await ensureTestModel({ size: "tiny" }), gpu: "cpu", contextSize: 512, threads: 1 });
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.url !== "/v1/completions") return void res.writeHead(404).end("no such endpoint");
    const r = JSON.parse(body);
    res.writeHead(200, { "content-type": "text/event-stream" });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const result = await local.sample(
      { prompt: r.prompt, k: 1, seed: r.seed, maxTokens: r.max_tokens, temperature: r.temperature, topP: r.top_p, topK: r.top_k, stop: r.stop, grammar: r.grammar },
      { onTokens: (_i, text) => send({ choices: [{ index: 0, text, finish_reason: null }] }) },
    );
    const done = result.completions[0];
    send({ choices: [{ index: 0, text: "", finish_reason: done.finishReason === "maxTokens" ? "length" : "stop" }], usage: { prompt_tokens: result.promptTokens } });
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await local.dispose();
  await disposeLlamas();
});

describe("OpenAiSamplingBackend", () => {
  it("draws k completions from an OpenAI-compatible server, seed + i each, matching the local sampler", async () => {
    const remote = new OpenAiSamplingBackend({ baseUrl, parallelRequests: 2 });
    const request = { prompt: "def add(a, b):", k: 3, temperature: 0.9, maxTokens: 8, seed: 30 };
    const streamed = new Map<number, string>();
    const result = await remote.sample(request, { onTokens: (i, t) => streamed.set(i, (streamed.get(i) ?? "") + t) });
    const expected = await local.sample(request);
    expect(result.completions.map((c) => [c.index, c.seed, c.text, c.finishReason])).toEqual(expected.completions.map((c) => [c.index, c.seed, c.text, c.finishReason]));
    for (const c of result.completions) expect(streamed.get(c.index) ?? "").toBe(c.text);
    expect(result.promptTokens).toBe(expected.promptTokens);
    await remote.dispose();
  });

  it("reports a server error naming the URL", async () => {
    const remote = new OpenAiSamplingBackend({ baseUrl: `${baseUrl}/nope` });
    await expect(remote.sample({ prompt: "x", k: 1 })).rejects.toMatchObject({ code: "remote_sampling_failed", message: expect.stringContaining("/nope/completions") });
  });
});
