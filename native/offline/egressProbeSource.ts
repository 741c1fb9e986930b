/**
 * The JavaScript that one thread of a probe process runs for the egress self-test (runEgressSelfTest.ts), as plain
 * source: it is written next to a copy of the sandbox's socket guard and started with the sandbox's exact command
 * line (sandboxCommand.ts), so it meets the same layers a program in the sandbox would (guard in every thread,
 * permission model, network namespace). The main thread probes, then starts one worker thread (where the sandbox's
 * interpreters run) that probes the same way, and prints one JSON line: each probe's outcome and how many refusals
 * the guard reported on its channel. Nothing here may import files: the permission model allows only this folder.
 */
export const egressProbeSource = String.raw`
import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";
import { BroadcastChannel, Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const { address, name, timeoutMs, channel } = isMainThread ? JSON.parse(process.argv[process.argv.length - 1]) : workerData;
const codeOf = (error) => String(error?.code ?? error?.cause?.code ?? error?.message ?? error);

function settle(start) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ outcome: "timeout", error: null }), timeoutMs);
    const done = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    try {
      start(done);
    } catch (error) {
      done({ outcome: "error", error: codeOf(error), message: String(error?.message ?? error) });
    }
  });
}

async function probeAll() {
  const failed = (done) => (error) => done({ outcome: "error", error: codeOf(error), message: String(error?.message ?? error) });
  return {
    tcp: await settle((done) => {
      const socket = net.connect({ host: address, port: 80 });
      socket.once("connect", () => { socket.destroy(); done({ outcome: "connected", error: null }); });
      socket.once("error", failed(done));
    }),
    tls: await settle((done) => {
      const socket = tls.connect({ host: address, port: 443, servername: name });
      socket.once("secureConnect", () => { socket.destroy(); done({ outcome: "connected", error: null }); });
      socket.once("error", failed(done));
    }),
    udp: await settle((done) => {
      const socket = dgram.createSocket("udp4");
      socket.once("error", failed(done));
      socket.send("tracetune egress probe", 53, address, (error) => {
        socket.close();
        if (error) failed(done)(error);
        else done({ outcome: "sent", error: null });
      });
    }),
    dns: await settle((done) => {
      dns.lookup(name, (error) => (error ? failed(done)(error) : done({ outcome: "resolved", error: null })));
    }),
  };
}

if (isMainThread) {
  let refused = 0;
  const counter = new BroadcastChannel(channel);
  counter.onmessage = () => { refused += 1; };
  const main = await probeAll();
  const worker = await new Promise((resolve) => {
    const thread = new Worker(new URL(import.meta.url), { workerData: { address, name, timeoutMs, channel } });
    thread.once("message", resolve);
    thread.once("error", (error) => resolve({ error: codeOf(error) }));
  });
  // Let the last refusals posted on the channel arrive before counting them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  counter.close();
  process.stdout.write(JSON.stringify({ main, worker, refused }) + "\n");
  process.exit(0);
} else {
  parentPort.postMessage(await probeAll());
}
`;
