import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAiSamplingBackend } from "../../../native/sampling/OpenAiSamplingBackend.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { findBuiltLlamaTools, startLlamaServer, type RunningLlamaServer } from "./startLlamaServer.js";

const { tools, skipReason } = await findBuiltLlamaTools();
const why = skipReason ? ` (skipped: ${skipReason})` : "";
// Printable ASCII only: this llama-server release fails streams that are not valid UTF-8 (llamaServer.test.ts).
const ascii = "root ::= [ -~\\n]+";

describe.skipIf(skipReason !== null)(`a real llama-server that goes away mid-sample${why}`, () => {
  let model: string;
  let server: RunningLlamaServer | null = null;
  const start = (port?: number) => startLlamaServer({ binary: tools.binaries["llama-server"]!, model, parallel: 1, port });

  beforeAll(async () => {
    model = await ensureTestModel({ size: "tiny" });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("waits for it (waiting_for_engine), starts the cut completion again with its seed when it is back, and ends as if nothing happened", async () => {
    server = await start();
    const baseUrl = `${server.origin}/v1`;
    const request = { prompt: "def add(a, b):", k: 1, maxTokens: 400, seed: 11, temperature: 0.8, grammar: ascii };
    const clean = await new OpenAiSamplingBackend({ baseUrl }).sample(request);

    const waits: Array<object | null> = [];
    const retried: number[] = [];
    let killed: Promise<void> | null = null;
    const port = server.port;
    const backend = new OpenAiSamplingBackend({ baseUrl, retryForMs: 120_000 });
    const result = await backend.sample(request, {
      onTokens: () => {
        if (killed) return;
        // The first streamed piece: crash the server, and bring it back on the same port a little later.
        killed = server!.kill().then(async () => {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          server = await start(port);
        });
      },
      onWaiting: (waiting) => waits.push(waiting),
      onRetry: (index) => retried.push(index),
    });
    await killed;
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((index) => index === 0)).toBe(true);
    expect(waits[0]).toMatchObject({ reason: expect.any(String), since: expect.any(String), retryAt: expect.any(String), giveUpAt: expect.any(String) });
    expect(waits.at(-1)).toBeNull();
    // One slot, same seed: the completion drawn again after the crash is the one a clean run draws.
    expect(result.completions[0].text).toBe(clean.completions[0].text);
    expect(result.completions[0].tokens).toBe(clean.completions[0].tokens);
  });

  it("gives up after the retry window with engine_unavailable (resumable), having reported the wait", async () => {
    server ??= await start();
    const baseUrl = `${server.origin}/v1`;
    await server.kill();
    server = null;
    const waits: Array<object | null> = [];
    const backend = new OpenAiSamplingBackend({ baseUrl, retryForMs: 2000 });
    const started = Date.now();
    const failure = await backend.sample({ prompt: "x", k: 2, maxTokens: 4, seed: 1 }, { onWaiting: (w) => waits.push(w) }).then(() => null, (error) => error);
    expect(failure).toMatchObject({ code: "engine_unavailable", details: { url: baseUrl } });
    expect(failure.message).toContain("did not come back");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.at(-1)).toBeNull();
  });

  it("does not retry an answer that is not a server going away (a bad grammar: HTTP 400)", async () => {
    server ??= await start();
    const backend = new OpenAiSamplingBackend({ baseUrl: `${server.origin}/v1`, retryForMs: 60_000 });
    const waits: unknown[] = [];
    const failure = await backend.sample({ prompt: "x", k: 1, maxTokens: 4, seed: 1, grammar: "root ::= (" }, { onWaiting: (w) => waits.push(w) }).then(() => null, (error) => error);
    expect(failure).toMatchObject({ code: "remote_sampling_failed" });
    expect(waits).toEqual([]);
  });
});
