// Issue 6: under the sandbox process's exact command line (sandboxCommand.ts), JavaScript cannot reach the network.
// A probe entry takes pythonSandbox.mjs's place and tries a loopback listener of this (test) process from its
// main thread and from a worker thread: the socket guard refuses every attempt, and where the kernel allows a
// network namespace, the namespace alone already leaves nothing to connect to.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectNetworkIsolation, type NetworkIsolation } from "../../../../native/python/node/detectNetworkIsolation.js";
import { sandboxCommand } from "../../../../native/python/node/sandboxCommand.js";
import type { SandboxProbeReport } from "./sandboxProbe/sandboxProbe.js";

const pyodideDir = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
const noNamespace: NetworkIsolation = { namespace: "unavailable", reason: "turned off by the test", unsharePath: null };
const isolation = detectNetworkIsolation();
let probeDir: string;
let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  probeDir = mkdtempSync(join(tmpdir(), "tracetune-sandbox-probe-"));
  await build({
    entryPoints: {
      sandboxProbe: join(import.meta.dirname, "sandboxProbe/sandboxProbe.ts"),
      probeWorker: join(import.meta.dirname, "sandboxProbe/probeWorker.ts"),
      sandboxSocketGuard: join(import.meta.dirname, "../../../../native/python/sandbox/sandboxSocketGuard.ts"),
    },
    outdir: probeDir, outExtension: { ".js": ".mjs" }, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning",
  });
  // The control: the same command line with a preload that does nothing.
  writeFileSync(join(probeDir, "noGuard.mjs"), "");
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server?.close();
  rmSync(probeDir, { recursive: true, force: true });
});

async function probe({ guard, network }: { guard: "sandboxSocketGuard.mjs" | "noGuard.mjs"; network: NetworkIsolation }): Promise<SandboxProbeReport> {
  const files = { entry: join(probeDir, "sandboxProbe.mjs"), socketGuard: join(probeDir, guard), pyodideDir };
  const config = { pyodideDir, size: 1, spares: 0, recycleAboveMb: 160, snapshotPath: null, snapshotFor: "first" as const };
  const { command, args, env } = sandboxCommand({ files, snapshotPath: null, config, isolation: network });
  const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
  child.send({ port, hostDir: probeDir });
  return new Promise((resolve, reject) => {
    child.once("message", (report: SandboxProbeReport) => resolve(report));
    child.once("exit", (code) => reject(new Error(`the probe exited (${code}) without a report: ${stderr}`)));
  });
}

describe("the sandbox process's command line", () => {
  it("refuses every socket and DNS query from the main thread and from a worker thread, and counts each", async () => {
    const before = connections;
    const report = await probe({ guard: "sandboxSocketGuard.mjs", network: noNamespace });
    for (const thread of [report.main, report.worker]) {
      expect(thread.tcp).toBe("socket_refused");
      expect(thread.udp).toBe("socket_refused");
      expect(thread.dns).toBe("socket_refused");
    }
    expect(connections - before).toBe(0);
    expect(report.refusedSockets).toBe(6);
  });

  it("writes no host file from any thread, where a NODEFS mount would write (the permission model: issue 16)", async () => {
    const { existsSync } = await import("node:fs");
    const report = await probe({ guard: "sandboxSocketGuard.mjs", network: noNamespace });
    expect(report.main.write).toBe("ERR_ACCESS_DENIED");
    expect(report.worker.write).toBe("ERR_ACCESS_DENIED");
    expect(existsSync(join(probeDir, "pwned-by-main")) || existsSync(join(probeDir, "pwned-by-worker"))).toBe(false);
  });

  it("compiles no code from a string in any thread (--disallow-code-generation-from-strings)", async () => {
    const report = await probe({ guard: "sandboxSocketGuard.mjs", network: noNamespace });
    for (const thread of [report.main, report.worker]) {
      expect(thread.eval).toBe("EvalError");
      expect(thread.functionConstructor).toBe("EvalError");
    }
  });

  it("without the socket guard and the namespace, plain JS connects: Node's permission model has no network scope", async () => {
    const before = connections;
    const report = await probe({ guard: "noGuard.mjs", network: noNamespace });
    expect(report.main.tcp).toBe("connected");
    expect(report.worker.tcp).toBe("connected");
    expect(connections - before).toBe(2);
  });

  const why = isolation.namespace === "isolated" ? "" : ` (skipped: ${isolation.reason})`;
  it.skipIf(isolation.namespace !== "isolated")(`in its own network namespace it sees no interface and cannot reach the host's loopback, even without the guard${why}`, async () => {
    const before = connections;
    const report = await probe({ guard: "noGuard.mjs", network: isolation });
    for (const thread of [report.main, report.worker]) {
      expect(thread.tcp).not.toBe("connected");
      // Only a loopback that is down (which lists no address, so often not at all).
      expect(thread.interfaces.filter((name) => name !== "lo")).toEqual([]);
    }
    expect(connections - before).toBe(0);
  });
});
