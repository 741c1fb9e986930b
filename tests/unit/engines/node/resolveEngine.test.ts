import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEngine } from "../../../../native/engines/node/resolveEngine.js";

// A stand-in engine on loopback: /v1/models answers per path, so one server plays a good, an empty and a broken engine.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/v1/models") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "first.gguf" }, { id: "second" }] }));
    if (req.url === "/empty/v1/models") return void res.writeHead(200).end(JSON.stringify({ data: [] }));
    if (req.url === "/garbage/v1/models") return void res.writeHead(200).end("<html>hello</html>");
    res.writeHead(404).end("no such endpoint");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("resolveEngine", () => {
  it("adds /v1 to a bare host and picks the first model /v1/models lists, unless one is named", async () => {
    expect(await resolveEngine({ target: { url: origin }, allowedHosts: [] })).toEqual({ baseUrl: `${origin}/v1`, model: "first.gguf", models: ["first.gguf", "second"] });
    expect(await resolveEngine({ target: { url: `${origin}/v1/`, model: "second" }, allowedHosts: [] })).toMatchObject({ baseUrl: `${origin}/v1`, model: "second" });
  });

  it("refuses a non-loopback host that is not on the allow-list before connecting, saying how to allow it", async () => {
    await expect(resolveEngine({ target: { url: "http://10.1.2.3:8000/v1" }, allowedHosts: ["10.1.2.4"] })).rejects.toMatchObject({
      code: "engine_host_not_allowed", message: expect.stringMatching(/10\.1\.2\.3 is not on this machine.*engines\.allowedHosts/),
    });
  });

  it("names the URL and the reason when the engine is down, lists no model or answers garbage", async () => {
    await expect(resolveEngine({ target: { url: `${origin}/empty/v1` }, allowedHosts: [] })).rejects.toMatchObject({ code: "engine_unreachable", message: expect.stringContaining("lists no models; name one with --engine-model") });
    await expect(resolveEngine({ target: { url: `${origin}/garbage/v1` }, allowedHosts: [] })).rejects.toMatchObject({ code: "engine_unreachable", message: expect.stringContaining("something other than JSON") });
    await expect(resolveEngine({ target: { url: `${origin}/nope/v1` }, allowedHosts: [] })).rejects.toMatchObject({ code: "engine_unreachable", message: expect.stringContaining("HTTP 404") });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(resolveEngine({ target: { url: `http://127.0.0.1:${port}` }, allowedHosts: [] })).rejects.toMatchObject({ code: "engine_unreachable", message: expect.stringContaining("connection refused") });
    await expect(resolveEngine({ target: { url: "127.0.0.1:8080" }, allowedHosts: [] })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
