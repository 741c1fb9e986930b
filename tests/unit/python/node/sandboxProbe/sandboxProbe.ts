// Entry of a process started with the sandbox's exact command line (sandboxCommand.ts) in place of
// pythonSandbox.mjs: on {port}, tries the network from its main thread and from a worker thread and answers
// with both results and the number of refusals the socket guard reported (as pythonSandbox.ts counts them).
import { BroadcastChannel, Worker } from "node:worker_threads";
import { REFUSED_SOCKETS_CHANNEL } from "../../../../../native/python/sandbox/sandboxProtocol.js";
import { probeNetwork, type NetworkProbe } from "./probeNetwork.js";
import { probeWrite } from "./probeWrite.js";

export interface SandboxProbeReport {
  main: NetworkProbe & { write: string };
  worker: NetworkProbe & { write: string };
  refusedSockets: number;
}

let refusedSockets = 0;
const refusals = new BroadcastChannel(REFUSED_SOCKETS_CHANNEL);
refusals.onmessage = () => { refusedSockets += 1; };
refusals.unref();

process.once("message", async ({ port, hostDir }: { port: number; hostDir: string }) => {
  const main = { ...(await probeNetwork(port)), write: probeWrite(hostDir, "pwned-by-main") };
  const worker = await new Promise<NetworkProbe & { write: string }>((resolve, reject) => {
    const thread = new Worker(new URL("./probeWorker.mjs", import.meta.url), { workerData: { port, hostDir }, env: {} });
    thread.once("message", resolve);
    thread.once("error", reject);
  });
  // Refusals travel on their own channel: let the last ones arrive.
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.send!({ main, worker, refusedSockets } satisfies SandboxProbeReport, () => process.exit(0));
});
