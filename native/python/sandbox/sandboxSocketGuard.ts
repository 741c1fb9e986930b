// Preloaded with --import into the sandbox process (sandboxCommand.ts): Node runs it in the main thread before
// pythonSandbox.ts and again in every interpreter worker before interpreterWorker.ts, because each thread has its
// own copy of node:net (a patch in the main thread would not reach a worker). From then on that thread's
// JavaScript is refused every socket and DNS query. Each refusal is posted on a BroadcastChannel that the main
// thread counts (SandboxStats.refusedSockets); the channel object lives only in this closure.
import { BroadcastChannel } from "node:worker_threads";
import { refuseAllSockets } from "../../offline/refuseAllSockets.js";
import { REFUSED_SOCKETS_CHANNEL } from "./sandboxProtocol.js";

const refusals = new BroadcastChannel(REFUSED_SOCKETS_CHANNEL);
refusals.unref();
refuseAllSockets({ onRefused: (attempt) => refusals.postMessage(attempt) });
