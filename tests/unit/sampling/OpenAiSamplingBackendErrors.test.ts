import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAiSamplingBackend } from "../../../native/sampling/OpenAiSamplingBackend.js";

// A server that answers garbage, by path: an error event mid-stream (as llama-server sends one), a line that
// is not JSON, and a JSON line that is not an event object.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, text: "a", finish_reason: null }] })}\n\n`);
    if (req.url?.startsWith("/error/")) res.write(`data: ${JSON.stringify({ error: { code: 500, message: "The model produced output that does not match" } })}\n\n`);
    if (req.url?.startsWith("/garbage/")) res.write("data: <html>oops</html>\n\n");
    if (req.url?.startsWith("/array/")) res.write("data: [1, 2]\n\n");
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("OpenAiSamplingBackend on a server that answers garbage", () => {
  it("fails with the server's own message when it sends an error event mid-stream, instead of ending the completion", async () => {
    const backend = new OpenAiSamplingBackend({ baseUrl: `${origin}/error/v1` });
    await expect(backend.sample({ prompt: "x", k: 2, seed: 1 })).rejects.toMatchObject({
      code: "remote_sampling_failed", message: expect.stringContaining("/error/v1/completions failed: it reported an error mid-stream: The model produced output that does not match"),
    });
  });

  it("names a streamed line that is not a JSON event", async () => {
    await expect(new OpenAiSamplingBackend({ baseUrl: `${origin}/garbage/v1` }).sample({ prompt: "x", k: 1 })).rejects.toMatchObject({ code: "remote_sampling_failed", message: expect.stringContaining('not JSON: "<html>oops</html>"') });
    await expect(new OpenAiSamplingBackend({ baseUrl: `${origin}/array/v1` }).sample({ prompt: "x", k: 1 })).rejects.toMatchObject({ code: "remote_sampling_failed", message: expect.stringContaining("not an object") });
  });

  it("still reads a well-formed stream", async () => {
    const result = await new OpenAiSamplingBackend({ baseUrl: `${origin}/ok/v1` }).sample({ prompt: "x", k: 2, seed: 4 });
    expect(result.completions.map((c) => [c.seed, c.text])).toEqual([[4, "a"], [5, "a"]]);
  });
});
