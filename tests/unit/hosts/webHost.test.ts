import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { MAX_BODY_BYTES, startWebHost, type WebHost } from "../../../native/hosts/http/startWebHost.js";

let core: Core;
let host: WebHost;
const rendererDir = path.resolve("out/renderer");

beforeAll(async () => {
  core = await createCore({ host: "web", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-web-")) });
  host = await startWebHost({ core, rendererDir });
});
afterAll(async () => {
  await host.close();
  await core.dispose();
});

/* eslint-disable @typescript-eslint/no-explicit-any */
const call = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${host.port}/api/call`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${host.token}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("web host", () => {
  it("listens on 127.0.0.1 and prints one URL that carries the token", () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it("answers API calls made with the token", async () => {
    const response = await call({ method: "getSettings", args: {} });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as any;
    expect(reply.ok).toBe(true);
    expect(reply.result.host).toBe("web");
  });

  it("refuses a missing or wrong token", async () => {
    const missing = await fetch(`http://127.0.0.1:${host.port}/api/call`, { method: "POST", body: '{"method":"getSettings"}' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error.code).toBe("bad_token");
    const wrong = await call({ method: "getSettings" }, { authorization: "Bearer 0000" });
    expect(wrong.status).toBe(401);
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(401);
  });

  it("refuses a foreign Origin even with the right token", async () => {
    const response = await call({ method: "getSettings" }, { origin: "http://evil.example" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as any).error).toMatchObject({ code: "bad_origin" });
    const sameOrigin = await call({ method: "getSettings" }, { origin: `http://127.0.0.1:${host.port}` });
    expect(sameOrigin.status).toBe(200);
  });

  it("refuses a foreign Host header (DNS rebinding)", async () => {
    const http = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port: host.port, path: "/api/call", method: "POST", headers: { host: "attacker.example:80", authorization: `Bearer ${host.token}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
      request.end('{"method":"getSettings"}');
    });
    expect(status).toBe(403);
  });

  it("names an unknown API method, including inherited names", async () => {
    for (const method of ["launchMissiles", "constructor", "__proto__", "toString"]) {
      const response = await call({ method, args: {} });
      expect(response.status, method).toBe(404);
      const reply = (await response.json()) as any;
      expect(reply.error.code).toBe("unknown_method");
      expect(reply.error.message).toContain(method);
    }
  });

  it("reports a malformed body or arguments as invalid input", async () => {
    expect(((await (await call("not json")).json()) as any).error.code).toBe("invalid_input");
    expect(((await (await call({ method: "getSettings", args: [1] })).json()) as any).error.code).toBe("invalid_input");
    const bad = (await (await call({ method: "updateSettings", args: { patch: { theme: "neon" } } })).json()) as any;
    expect(bad.error.code).toBe("invalid_input");
    expect(bad.error.message).toContain('"theme"');
  });

  it("trades the URL token for an HttpOnly cookie that then authorises pages", async () => {
    const first = await fetch(host.url, { redirect: "manual" });
    expect(first.status).toBe(302);
    // Through the continue page, which returns to the route the browser kept (webHostSignIn.test.ts).
    expect(first.headers.get("location")).toBe("/auth/continue");
    const cookie = first.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`http://127.0.0.1:${host.port}/`, { headers: { cookie: cookie.split(";")[0] } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("names its cookie per instance, so two hosts do not overwrite each other, and never puts the token in it", async () => {
    const other = await startWebHost({ core, rendererDir });
    try {
      const cookies = await Promise.all([host, other].map(async (each) => (await fetch(each.url, { redirect: "manual" })).headers.get("set-cookie")!.split(";")[0]));
      const [name, value] = cookies[0].split("=");
      expect(name).not.toBe(cookies[1].split("=")[0]);
      expect(value).not.toBe(host.token);
      // Both cookies in one jar (as a browser sends them to 127.0.0.1 on any port): each host picks its own.
      const jar = cookies.join("; ");
      for (const each of [host, other]) expect((await fetch(`http://127.0.0.1:${each.port}/`, { headers: { cookie: jar } })).status).toBe(200);
      // One host's cookie does not open the other.
      expect((await fetch(`http://127.0.0.1:${other.port}/`, { headers: { cookie: `${name.replace(String(host.port), String(other.port))}=${value}` } })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("accepts the token in the query string only on the page load, not on API calls or the WebSocket", async () => {
    const api = await fetch(`http://127.0.0.1:${host.port}/api/call?token=${host.token}`, { method: "POST", body: '{"method":"getSettings","args":{}}' });
    expect(api.status).toBe(401);
    expect(((await api.json()) as any).error.code).toBe("bad_token");
    const asset = await fetch(`http://127.0.0.1:${host.port}/assets/x.js?token=${host.token}`, { redirect: "manual" });
    expect(asset.status).toBe(401);
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    const refusal = await new Promise<string>((resolve) => socket.once("unexpected-response", (_request, response) => resolve(String(response.statusCode))).once("error", (error) => resolve(error.message)));
    expect(refusal).toMatch(/401/);
  });

  it("answers a malformed URL with 400 and the error shape, over HTTP and the WebSocket", async () => {
    const net = await import("node:net");
    const raw = (path: string, extra = "") =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(host.port, "127.0.0.1", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\n${extra}Connection: close\r\n\r\n`));
        let text = "";
        socket.on("data", (data) => (text += String(data))).on("end", () => resolve(text)).on("error", reject);
      });
    for (const path of ["/%E0%A4%A", "http://[::1/", "/api/%ff"]) {
      const reply = await raw(path);
      expect(reply, path).toMatch(/^HTTP\/1\.1 400/);
      expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4)).error.code, path).toBe("bad_url");
    }
    const upgrade = await raw("http://[::1/api/events", "Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    expect(upgrade).toMatch(/^HTTP\/1\.1 400/);
  });

  it("answers a body that is not JSON with 400 and one over the documented limit with 413", async () => {
    expect((await call("not json")).status).toBe(400);
    const tooBig = await call(`{"method":"getSettings","args":{"x":"${"a".repeat(MAX_BODY_BYTES)}"}}`);
    expect(tooBig.status).toBe(413);
    const reply = (await tooBig.json()) as any;
    expect(reply).toMatchObject({ ok: false, error: { code: "body_too_large", details: { limit: MAX_BODY_BYTES } } });
    // Streamed without a length (chunked), the limit holds while reading.
    const chunked = await fetch(`http://127.0.0.1:${host.port}/api/call`, {
      method: "POST",
      headers: { authorization: `Bearer ${host.token}` },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i <= MAX_BODY_BYTES / (1024 * 1024); i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    // The host still answers afterwards.
    expect((await call({ method: "getSettings", args: {} })).status).toBe(200);
  });

  it("streams job events over the WebSocket only with the token", async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`);
    const refusal = await new Promise<string>((resolve) => refused.once("unexpected-response", (_request, response) => resolve(String(response.statusCode))).once("error", (error) => resolve(error.message)));
    expect(refusal).toMatch(/401/);

    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: { authorization: `Bearer ${host.token}` } });
    await new Promise((resolve) => socket.once("open", resolve));
    const received = new Promise<{ topic: string; payload: { status: string; title: string } }>((resolve) => socket.on("message", (data) => resolve(JSON.parse(String(data)))));
    core.context.jobs.start({ kind: "test", title: "ping" }, async () => "pong");
    const event = await received;
    expect(event.topic).toBe("job");
    expect(event.payload.title).toBe("ping");
    socket.close();
  });
});
