import { createCore } from "../../native/core/createCore";
import { answerCall } from "./answerCall";

/**
 * Runs in Electron's utility process (plain Node, no window): owns the headless core and answers the main
 * process's relayed API calls, so no model load or Python run ever blocks the UI thread.
 */
const parentPort = (process as unknown as { parentPort: { on(event: "message", listener: (message: { data: { id: number; method: unknown; args: unknown } }) => void): void; postMessage(message: unknown): void } }).parentPort;
const dataDirArg = process.argv.find((arg) => arg.startsWith("--data-dir="));
const core = await createCore({ host: "electron", dataDir: dataDirArg?.slice("--data-dir=".length) });

core.subscribe((event: unknown) => parentPort.postMessage({ event }));

parentPort.on("message", async ({ data }) => {
  parentPort.postMessage({ id: data.id, reply: await answerCall(core.api, data.method, data.args) });
});
