import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EgressSelfTest } from "../../../native/api/offlineTypes.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");

/** `tracetune egress --self-test --json` in a process of its own, as acceptance checks run it. */
async function selfTest(env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; report: EgressSelfTest; stderr: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tt-egress-"));
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", dataDir, "--json", "egress", "--self-test"], { cwd: repoRoot, encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { status: run.status, report: JSON.parse(run.stdout) as EgressSelfTest, stderr: run.stderr };
}

describe("tracetune egress --self-test", () => {
  it("tries every path (core TCP, TLS, fetch, UDP, DNS; the sandbox's main and worker thread) and each is refused by tracetune's guard", async () => {
    const { status, report, stderr } = await selfTest();
    expect(stderr).toBe("");
    const byPath = report.probes.map((probe) => `${probe.path} ${probe.kind} ${probe.result}${probe.reason && probe.result !== "skipped" ? ` (${probe.reason})` : ""}`);
    expect(byPath).toEqual([
      "core tcp refused", "core tls refused", "core fetch refused", "core udp refused", "core dns refused",
      "sandbox tcp refused", "sandbox tls refused", "sandbox udp refused", "sandbox dns refused",
      "sandbox worker tcp refused", "sandbox worker tls refused", "sandbox worker udp refused", "sandbox worker dns refused",
      "llama.cpp child process skipped",
    ]);
    expect(report.probes.filter((probe) => probe.path === "core").map((probe) => probe.error)).toEqual(["egress_blocked", "egress_blocked", "egress_blocked", "egress_blocked", "dns_refused"]);
    expect(report.probes.filter((probe) => probe.path.startsWith("sandbox")).every((probe) => probe.error === "socket_refused" && probe.refused)).toBe(true);
    expect(report.probes.find((probe) => probe.path === "llama.cpp")?.reason).toMatch(/cannot be intercepted/);
    expect(report.allRefused).toBe(true);
    expect(status).toBe(0);
  });
});
