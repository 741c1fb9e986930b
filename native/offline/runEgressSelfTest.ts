import { spawn } from "node:child_process";
import dgram from "node:dgram";
import dns from "node:dns";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { EgressProbe, EgressProbeKind, EgressSelfTest } from "../api/offlineTypes.js";
import { detectNetworkIsolation } from "../python/node/detectNetworkIsolation.js";
import { resolveSandboxFiles } from "../python/node/resolveSandboxFiles.js";
import { sandboxCommand } from "../python/node/sandboxCommand.js";
import { REFUSED_SOCKETS_CHANNEL } from "../python/sandbox/sandboxProtocol.js";
import type { DnsGuard } from "./DnsGuard.js";
import { egressProbeSource } from "./egressProbeSource.js";
import type { EgressMonitor } from "./EgressMonitor.js";

/** A documentation address (TEST-NET-1, RFC 5737): routable in form, never anyone's host; a name that is never ours. */
export const probeAddress = "192.0.2.1";
export const probeName = "egress-probe.tracetune.example";
const PROBE_TIMEOUT_MS = 3000;

type Attempt = { outcome: "connected" | "sent" | "resolved" | "timeout" | "error"; error: string | null; message?: string };

/**
 * Tries to leave the machine through every path the app has and reports what stopped each attempt
 * (docs/offline.md, "Egress self-test"). A probe is `refused` only when tracetune's own guard answered (its error
 * code) and its counter rose; anything else, an OS-level failure included (an air-gapped machine refuses
 * everything), is `not_guarded`, since it proves nothing about tracetune. Paths: this (core) process's TCP, TLS,
 * `fetch`, UDP and DNS; the same from the main thread and a worker thread of a process started with the Python
 * sandbox's exact command line; llama.cpp's native tools are `skipped` (a native child cannot be intercepted
 * without privileges).
 */
export async function runEgressSelfTest({ egress, dnsGuard, sandboxDir }: {
  egress: EgressMonitor;
  /** The process's DNS guard; null: none installed. */
  dnsGuard: DnsGuard | null;
  /** Where the built sandbox lives. Default: found as the sandbox itself finds it. */
  sandboxDir?: string;
}): Promise<EgressSelfTest> {
  const probes: EgressProbe[] = [...(await probeCore(egress, dnsGuard)), ...(await probeSandbox(sandboxDir)), llamaCppProbe()];
  return { ranAt: new Date().toISOString(), probes, allRefused: probes.every((probe) => probe.result !== "not_guarded") };
}

async function probeCore(egress: EgressMonitor, dnsGuard: DnsGuard | null): Promise<EgressProbe[]> {
  const blockedCount = () => egress.report().nonLoopback - egress.report().allowed;
  const attempts: Array<{ kind: EgressProbeKind; target: string; count: () => number; code: string; run: () => Promise<Attempt> }> = [
    { kind: "tcp", target: `${probeAddress}:80`, count: blockedCount, code: "egress_blocked", run: () => settle((done) => {
      const socket = net.connect({ host: probeAddress, port: 80 });
      socket.once("connect", () => (socket.destroy(), done({ outcome: "connected", error: null })));
      socket.once("error", (error) => done(failure(error)));
    }) },
    { kind: "tls", target: `${probeAddress}:443`, count: blockedCount, code: "egress_blocked", run: () => settle((done) => {
      const socket = tls.connect({ host: probeAddress, port: 443, servername: probeName });
      socket.once("secureConnect", () => (socket.destroy(), done({ outcome: "connected", error: null })));
      socket.once("error", (error) => done(failure(error)));
    }) },
    { kind: "fetch", target: `http://${probeAddress}/`, count: blockedCount, code: "egress_blocked", run: () => settle((done) => {
      fetch(`http://${probeAddress}/`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(() => done({ outcome: "connected", error: null }), (error) => done(failure(error)));
    }) },
    { kind: "udp", target: `${probeAddress}:53`, count: blockedCount, code: "egress_blocked", run: () => settle((done) => {
      const socket = dgram.createSocket("udp4");
      socket.once("error", (error) => done(failure(error)));
      socket.send("tracetune egress probe", 53, probeAddress, (error) => {
        socket.close();
        done(error ? failure(error) : { outcome: "sent", error: null });
      });
    }) },
    { kind: "dns", target: probeName, count: () => dnsGuard?.refused ?? 0, code: "dns_refused", run: () => settle((done) => {
      dns.lookup(probeName, (error) => done(error ? failure(error) : { outcome: "resolved", error: null }));
    }) },
  ];
  const probes: EgressProbe[] = [];
  for (const attempt of attempts) {
    const before = attempt.count();
    const outcome = await attempt.run();
    probes.push(judge({ path: "core", kind: attempt.kind, target: attempt.target, outcome, guardCode: attempt.code, counterRose: attempt.count() > before }));
  }
  return probes;
}

async function probeSandbox(sandboxDir: string | undefined): Promise<EgressProbe[]> {
  const targets: Record<"tcp" | "tls" | "udp" | "dns", string> = { tcp: `${probeAddress}:80`, tls: `${probeAddress}:443`, udp: `${probeAddress}:53`, dns: probeName };
  const unprobed = (reason: string): EgressProbe[] => (["sandbox", "sandbox worker"] as const).flatMap((where) =>
    (Object.keys(targets) as Array<keyof typeof targets>).map((kind) => ({ path: where, kind, target: targets[kind], result: "not_guarded" as const, refused: false, reason, error: null })));
  let files: ReturnType<typeof resolveSandboxFiles>;
  try {
    files = resolveSandboxFiles({ sandboxDir });
  } catch (error) {
    return unprobed(`the sandbox could not be probed: ${(error as Error).message}`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), "tracetune-egress-probe-"));
  try {
    const entry = path.join(dir, "egressProbe.mjs");
    const socketGuard = path.join(dir, "sandboxSocketGuard.mjs");
    await writeFile(entry, egressProbeSource);
    // The guard beside the probe: the permission model lets the process read only the entry's folder (and Pyodide's).
    await copyFile(files.socketGuard, socketGuard);
    const probeArgs = { address: probeAddress, name: probeName, timeoutMs: PROBE_TIMEOUT_MS, channel: REFUSED_SOCKETS_CHANNEL };
    const { command, args, env } = sandboxCommand({
      files: { entry, socketGuard, pyodideDir: files.pyodideDir }, snapshotPath: null, isolation: detectNetworkIsolation(),
      // The sandbox's command line ends with its entry's JSON config; the probe entry reads its own arguments there.
      config: probeArgs as unknown as Parameters<typeof sandboxCommand>[0]["config"],
    });
    const report = await runProbeProcess(command, args, env);
    if ("error" in report) return unprobed(report.error);
    const threads: Array<["sandbox" | "sandbox worker", Record<string, Attempt>]> = [["sandbox", report.main], ["sandbox worker", report.worker]];
    const guardErrors = threads.flatMap(([, attempts]) => Object.values(attempts ?? {})).filter((attempt) => attempt?.error === "socket_refused").length;
    return threads.flatMap(([where, attempts]) => (Object.keys(targets) as Array<keyof typeof targets>).map((kind) => judge({
      path: where, kind, target: targets[kind], outcome: attempts?.[kind] ?? { outcome: "error", error: "no report from this thread" },
      guardCode: "socket_refused", counterRose: report.refused >= guardErrors && guardErrors > 0,
    })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runProbeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ main: Record<string, Attempt>; worker: Record<string, Attempt>; refused: number } | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), PROBE_TIMEOUT_MS * 4 + 10_000);
    child.once("error", (error) => resolve({ error: `the probe process did not start: ${error.message}` }));
    child.once("close", (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop() ?? ""));
      } catch {
        resolve({ error: `the probe process exited (${code}) without a report: ${stderr.trim().slice(0, 500)}` });
      }
    });
  });
}

function llamaCppProbe(): EgressProbe {
  return {
    path: "llama.cpp", kind: "child process", target: "llama.cpp tools", result: "skipped", refused: false, error: null,
    reason: "a native child process cannot be intercepted without privileges; tracetune builds llama.cpp's tools with curl and OpenSSL switched off (docs/engines.md), so they hold no code that opens a remote connection",
  };
}

/** `refused` only for the guard's own error with its counter risen; every other ending is reported as what it was. */
function judge({ path: where, kind, target, outcome, guardCode, counterRose }: { path: string; kind: EgressProbeKind; target: string; outcome: Attempt; guardCode: string; counterRose: boolean }): EgressProbe {
  const base = { path: where, kind, target, error: outcome.error };
  if (outcome.error === guardCode && counterRose) return { ...base, result: "refused", refused: true };
  const reason = outcome.error === guardCode ? `the guard's error (${guardCode}) came back but its counter did not rise`
    : outcome.outcome === "error" ? `failed with ${outcome.error}, which is not tracetune's guard (the OS or the network refused it)`
    : outcome.outcome === "timeout" ? `no answer within ${PROBE_TIMEOUT_MS} ms and no error from tracetune's guard`
    : `the attempt got through (${outcome.outcome})`;
  return { ...base, result: "not_guarded", refused: false, reason };
}

function settle(start: (done: (attempt: Attempt) => void) => void): Promise<Attempt> {
  return new Promise((resolve) => {
    let isDone = false;
    const timer = setTimeout(() => done({ outcome: "timeout", error: null }), PROBE_TIMEOUT_MS);
    function done(attempt: Attempt) {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      resolve(attempt);
    }
    try {
      start(done);
    } catch (error) {
      done(failure(error));
    }
  });
}

/** The error's own code (ours: egress_blocked, dns_refused), looking through `fetch`'s TypeError to its cause. */
function failure(error: unknown): Attempt {
  const value = error as { code?: unknown; message?: string; cause?: { code?: unknown; message?: string } };
  const code = typeof value?.code === "string" ? value.code : typeof value?.cause?.code === "string" ? value.cause.code : String(value?.message ?? error);
  return { outcome: "error", error: code, message: value?.cause?.message ?? value?.message };
}
