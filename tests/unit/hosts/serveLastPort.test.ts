// `tracetune serve` (and so `npm start`'s web host) comes back on the port it last used when that port is free.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-serve-port-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `tracetune serve --json`, reads the port it printed, then stops it with SIGTERM as Ctrl-C would. */
async function servePort(...extra: string[]): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", dataDir, "--json", "serve", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return (JSON.parse(line) as { port: number }).port;
}

describe("tracetune serve's port", () => {
  it("is the last one used with the data dir when free, else a free one (no error)", async () => {
    const first = await servePort();
    expect(JSON.parse(readFileSync(path.join(dataDir, "web-host.json"), "utf8"))).toMatchObject({ lastPort: first });
    expect(await servePort()).toBe(first);

    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(first, "127.0.0.1", resolve));
    try {
      const moved = await servePort();
      expect(moved).not.toBe(first);
      expect(JSON.parse(readFileSync(path.join(dataDir, "web-host.json"), "utf8")).lastPort).toBe(moved);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // An explicit --port 0 still asks for a free port.
    expect(await servePort("--port", "0")).toBeGreaterThan(0);
  }, 180_000);
});
