import dns from "node:dns";
import { lookup } from "node:dns/promises";
import { describe, expect, it } from "vitest";
import { DnsGuard } from "../../../native/offline/DnsGuard.js";

describe("DnsGuard (the core process's DNS)", () => {
  it("refuses a query for any other name, through callbacks, promises, named imports and resolvers, and counts each", async () => {
    const guard = DnsGuard.install({ isAllowedName: (name) => name === "gpu-box.lan" });
    const before = guard.refused;
    await expect(dns.promises.lookup("example.com")).rejects.toMatchObject({ code: "dns_refused" });
    await expect(lookup("example.com")).rejects.toMatchObject({ code: "dns_refused" });
    await expect(new dns.promises.Resolver().resolve4("example.com")).rejects.toMatchObject({ code: "dns_refused" });
    const viaCallback = await new Promise<NodeJS.ErrnoException | null>((resolve) => dns.lookup("example.com", (error) => resolve(error)));
    expect(viaCallback).toMatchObject({ code: "dns_refused", message: expect.stringContaining('"example.com"') });
    await expect(dns.promises.reverse("192.0.2.1")).rejects.toMatchObject({ code: "dns_refused" });
    expect(guard.refused - before).toBe(5);
  });

  it("lets loopback names, IP literals and the allowed names through", async () => {
    const guard = DnsGuard.install({ isAllowedName: (name) => name === "gpu-box.lan" });
    const before = guard.refused;
    expect((await dns.promises.lookup("localhost")).address).toMatch(/^(127\.|::1)/);
    expect((await dns.promises.lookup("192.0.2.1")).address).toBe("192.0.2.1");
    // Allowed: the query is made (and fails here, where no such host exists) instead of being refused.
    await expect(dns.promises.lookup("gpu-box.lan")).rejects.toMatchObject({ code: expect.not.stringMatching(/^dns_refused$/) });
    expect(guard.refused).toBe(before);
  });
});
