// A worker thread of the probe process: the same attempts from a second thread (its own copy of node:net).
import { parentPort, workerData } from "node:worker_threads";
import { probeNetwork } from "./probeNetwork.js";
import { probeWrite } from "./probeWrite.js";

const { port, hostDir } = workerData as { port: number; hostDir: string };
parentPort!.postMessage({ ...(await probeNetwork(port)), write: probeWrite(hostDir, "pwned-by-worker") });
