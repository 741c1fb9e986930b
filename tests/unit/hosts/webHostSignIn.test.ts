// The web host without its token, as a browser meets it: a page saying how to get in (not raw JSON), whose
// scripts keep the hash route; the token load returns through the continue page.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { startWebHost, type WebHost } from "../../../native/hosts/http/startWebHost.js";

let core: Core;
let host: WebHost;

beforeAll(async () => {
  core = await createCore({ host: "web", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-web-signin-")) });
  host = await startWebHost({ core, rendererDir: path.resolve("out/renderer") });
});
afterAll(async () => {
  await host.close();
  await core.dispose();
});

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${host.port}${pathname}`, { headers, redirect: "manual" });

describe("web host without the token", () => {
  it("gives a browser a short HTML page that says where the access link is, with the CSP and no inline script", async () => {
    const page = await get("/", { accept: "text/html,application/xhtml+xml" });
    expect(page.status).toBe(401);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain("access token");
    expect(html).toContain(`tracetune is serving on http://127.0.0.1:${host.port}/?token=`);
    expect(html).toContain('<script src="/auth/sign-in.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    // Any other page path a browser opens gets the same page; the API and non-browser clients keep the JSON error.
    expect((await get("/tasks", { accept: "text/html" })).status).toBe(401);
    const api = await get("/api/call", { accept: "text/html" });
    expect(api.headers.get("content-type")).toContain("application/json");
    const plain = await get("/");
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe("bad_token");
  });

  it("serves the sign-in and continue scripts before the token, and nothing else of the app", async () => {
    const script = await get("/auth/sign-in.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("localStorage.setItem");
    expect((await get("/auth/continue.js")).status).toBe(200);
    expect((await get("/index.html")).status).toBe(401);
    expect((await get("/auth/other.js")).status).toBe(401);
  });

  it("trades the token for the cookie and sends the browser to the continue page, which returns to the route", async () => {
    const load = await get(`/?token=${host.token}`, { accept: "text/html" });
    expect(load.status).toBe(302);
    expect(load.headers.get("location")).toBe("/auth/continue");
    const cookie = load.headers.get("set-cookie")!.split(";")[0];
    const next = await get("/auth/continue", { accept: "text/html", cookie });
    expect(next.status).toBe(200);
    expect(await next.text()).toContain('<script src="/auth/continue.js"></script>');
    expect(await (await get("/auth/continue.js", { cookie })).text()).toContain('location.replace("/" + hash)');
    // With the cookie, the app itself is served.
    expect((await get("/", { accept: "text/html", cookie })).status).not.toBe(401);
  });
});
