import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { EgressMonitor } from "../../../native/offline/EgressMonitor.js";
import { isLoopbackHost } from "../../../native/offline/isLoopbackHost.js";

describe("isLoopbackHost", () => {
  it("accepts only names and addresses that stay on this machine", () => {
    for (const host of ["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "app.localhost"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["10.0.0.1", "192.168.1.1", "8.8.8.8", "example.com", "::ffff:8.8.8.8", "2001:db8::1", "0.0.0.0"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe("EgressMonitor", () => {
  it("lets loopback through, refuses anything else before it connects, and counts both", async () => {
    const monitor = EgressMonitor.install();
    const before = monitor.report();
    const server = http.createServer((_request, response) => response.end("hi"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(body).toBe("hi");
    server.close();

    // A documentation-range address (TEST-NET-1): refused locally, so nothing is ever sent.
    const socket = net.connect({ host: "192.0.2.1", port: 9 });
    const error = await new Promise<Error & { code?: string }>((resolve) => socket.once("error", resolve));
    expect(error.code).toBe("egress_blocked");
    // fetch (undici) goes through the same socket connect.
    await expect(fetch("http://192.0.2.1:80/")).rejects.toThrow();

    const after = monitor.report();
    expect(after.loopback).toBeGreaterThan(before.loopback);
    expect(after.nonLoopback - before.nonLoopback).toBe(2);
    expect(after.recent.filter((c) => !c.isLoopback).every((c) => c.isBlocked && c.host === "192.0.2.1")).toBe(true);
  });
});
