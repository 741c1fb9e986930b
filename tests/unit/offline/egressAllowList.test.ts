import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AllowedEndpoint } from "../../../native/api/offlineTypes.js";
import { pinAllowedHosts } from "../../../native/engines/node/pinAllowedHosts.js";
import { EgressMonitor } from "../../../native/offline/EgressMonitor.js";

/** This machine's own non-loopback IPv4 address: "non-loopback" to the monitor, yet nothing leaves the machine. */
const ownAddress = Object.values(os.networkInterfaces()).flat().find((nic) => nic && nic.family === "IPv4" && !nic.internal)?.address;

describe.skipIf(!ownAddress)("the egress monitor's allow-list (engines.allowedHosts, pinned addresses)", () => {
  const monitor = EgressMonitor.install();
  let server: http.Server;
  let port: number;
  const get = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text();
  const endpoint = (over: Partial<AllowedEndpoint>): AllowedEndpoint => ({ entry: "x", host: ownAddress!, port, addresses: [ownAddress!], error: null, ...over });

  beforeAll(async () => {
    server = http.createServer((_request, response) => response.end("engine"));
    await new Promise<void>((resolve) => server.listen(0, ownAddress, resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    monitor.setAllowList([]);
    server.close();
  });

  it("refuses a host that is not on the list", async () => {
    monitor.setAllowList([]);
    const error = await fetch(`http://${ownAddress}:${port}/`).then(() => null, (e: Error & { cause?: { code?: string } }) => e);
    expect(error?.cause?.code).toBe("egress_blocked");
  });

  it("lets an address:port on the list through, counts it as allowed and shows the list", async () => {
    monitor.setAllowList([endpoint({ entry: `${ownAddress}:${port}` })]);
    const before = monitor.report().allowed;
    expect(await get(`http://${ownAddress}:${port}/`)).toBe("engine");
    const report = monitor.report();
    expect(report.allowed).toBe(before + 1);
    expect(report.recent.at(-1)).toMatchObject({ host: ownAddress, port, isAllowed: true, isBlocked: false, isLoopback: false });
    expect(report.allowList).toEqual([expect.objectContaining({ entry: `${ownAddress}:${port}`, addresses: [ownAddress] })]);
  });

  it("refuses another port of an allowed host when the entry names a port", async () => {
    monitor.setAllowList([endpoint({ port: port + 1 })]);
    const error = await fetch(`http://${ownAddress}:${port}/`).then(() => null, (e: Error & { cause?: { code?: string } }) => e);
    expect(error?.cause?.code).toBe("egress_blocked");
  });

  it("connects an allowed name to its pinned addresses, never to what DNS says now", async () => {
    // `.invalid` never resolves (RFC 2606): reaching the server proves the pinned address was used, not DNS.
    monitor.setAllowList([endpoint({ entry: "engine.invalid", host: "engine.invalid", port: null })]);
    expect(await get(`http://engine.invalid:${port}/`)).toBe("engine");
  });

  it("refuses an allowed name whose pinning found no address", async () => {
    monitor.setAllowList([endpoint({ entry: "engine.invalid", host: "engine.invalid", addresses: [], error: "did not resolve" })]);
    const error = await fetch(`http://engine.invalid:${port}/`).then(() => null, (e: Error & { cause?: { code?: string } }) => e);
    expect(error?.cause?.code).toBe("egress_blocked");
  });
});

describe("pinAllowedHosts", () => {
  it("resolves each entry once and keeps its addresses for later calls", async () => {
    const pinned = new Map<string, AllowedEndpoint>();
    const [first] = await pinAllowedHosts(["localhost:8080"], pinned);
    expect(first).toMatchObject({ entry: "localhost:8080", host: "localhost", port: 8080, error: null });
    expect(first.addresses.length).toBeGreaterThan(0);
    const [again] = await pinAllowedHosts(["localhost:8080"], pinned);
    expect(again).toBe(first);
  });

  it("keeps an address entry as is, and an entry that does not resolve with no addresses and the reason", async () => {
    const endpoints = await pinAllowedHosts(["10.1.2.3", "[fd00::9]:8000", "no-such-host.invalid"], new Map());
    expect(endpoints.map((e) => [e.host, e.port, e.addresses])).toEqual([["10.1.2.3", null, ["10.1.2.3"]], ["fd00::9", 8000, ["fd00::9"]], ["no-such-host.invalid", null, []]]);
    expect(endpoints[2].error).toContain("did not resolve");
  });
});
