import net from "node:net";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-sample-engine-"));
const prompt = path.join(dir, "prompt.txt");
writeFileSync(prompt, "def f(x):\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI from source (tsx), as `tracetune ARGS`. */
function tracetune(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", path.join(dir, "data"), ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("tracetune sample --engine: usage", () => {
  it("--model and --engine together are a usage error (exit 2), and so is neither", () => {
    const both = tracetune("sample", "--model", "m.gguf", "--engine", "http://127.0.0.1:8080", "--prompt-file", prompt);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--engine <url>' cannot be used with option '--model <file>'/);
    const neither = tracetune("sample", "--prompt-file", prompt);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("give --model FILE (a local GGUF) or --engine URL");
    expect(tracetune("sample", "--model", "m.gguf", "--engine-model", "x", "--prompt-file", prompt).code).toBe(2);
  });

  // The host is checked before any connection is tried (resolveEngine.test.ts), so nothing leaves the machine.
  it("refuses a non-loopback engine that is not on the allow-list with a clear error (exit 3)", () => {
    const run = tracetune("--json", "sample", "--engine", "http://10.9.9.9:8000/v1", "--prompt-file", prompt);
    expect(run.code).toBe(3);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ code: "engine_host_not_allowed", details: { host: "10.9.9.9" } });
    expect(error.message).toContain("engines.allowedHosts");
  });

  // This machine's own non-loopback address: "non-loopback" to the egress monitor, yet nothing leaves the machine.
  const ownAddress = Object.values(os.networkInterfaces()).flat().find((nic) => nic && nic.family === "IPv4" && !nic.internal)?.address;
  it.skipIf(!ownAddress)("a host on the allow-list gets through the core's egress monitor (here: refused by the closed port itself)", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, ownAddress, () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const dataDir = path.join(dir, "allowed");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "settings.json"), JSON.stringify({ engines: { allowedHosts: [`${ownAddress}:${closed}`] } }));
    const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", dataDir, "--json", "sample", "--engine", `http://${ownAddress}:${closed}`, "--prompt-file", prompt], { encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(3);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe("engine_unreachable");
    expect(error.message).toContain("connection refused");
    expect(error.message).not.toContain("egress");
  });
});
