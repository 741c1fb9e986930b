import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import type { LlamaToolsStatus } from "../../../native/api/enginesApi.js";
import { locateLlamaTools } from "../../../native/engines/node/locateLlamaTools.js";
import { readBundledLlamaRelease } from "../../../native/engines/node/readBundledLlamaRelease.js";

/** Loading the tiny model takes well under a second; a busy 2-core machine gets generous time. */
const HEALTH_TIMEOUT_MS = 90_000;

/** tracetune's build of llama.cpp's tools (as `npm run build:llama-tools` leaves it), and why tests skip without it. */
export async function findBuiltLlamaTools(): Promise<{ tools: LlamaToolsStatus; skipReason: string | null }> {
  const tools = await locateLlamaTools({ tag: readBundledLlamaRelease().tag, ownBuildDir: null });
  const skipReason = tools.isReady ? null : `llama.cpp's tools are not built in ${tools.dir}; run npm run build:llama-tools (CI builds them before the tests)`;
  return { tools, skipReason };
}

export interface RunningLlamaServer {
  /** `http://127.0.0.1:PORT` (no /v1). */
  origin: string;
  port: number;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Everything the server printed, for a failing test's message. */
  log(): string;
  dispose(): Promise<void>;
}

/** A free loopback port: bind port 0, read it, release it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the real `llama-server` on 127.0.0.1 serving `model`, and resolves once `/health` answers 200.
 * `parallel` slots (`-np`) share a context of `contextSize` tokens; one thread keeps a 2-core machine usable.
 */
export async function startLlamaServer(options: { binary: string; model: string; parallel?: number; contextSize?: number; threads?: number; port?: number }): Promise<RunningLlamaServer> {
  const { binary, model, parallel = 4, contextSize = 2048, threads = 1 } = options;
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(binary, ["-m", model, "--host", "127.0.0.1", "--port", String(port), "-np", String(parallel), "-c", String(contextSize), "-t", String(threads), "--no-webui"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const dispose = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode} before it was healthy:\n${output.slice(-2000)}`);
    const isHealthy = await fetch(`${origin}/health`).then((r) => r.ok, () => false);
    const kill = async () => {
      child.kill("SIGKILL");
      await exited;
    };
    if (isHealthy) return { origin, port, log: () => output, dispose, kill };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await dispose();
  throw new Error(`llama-server was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`);
}
