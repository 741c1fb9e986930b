// A worker thread of the probe process: the same attempts from a second thread (its own copy of node:net).
import { parentPort, workerData } from "node:worker_threads";
import { probeNetwork } from "./probeNetwork.js";

parentPort!.postMessage(await probeNetwork((workerData as { port: number }).port));
