import { toWireError } from "../../native/common/TracetuneError";
import { createCore } from "../../native/core/createCore";
import { DataDirLock, DataDirLockedError } from "../../native/storage/dataDirLock";
import { resolveDataDir } from "../../native/storage/resolveDataDir";
import { answerCall } from "./answerCall";
import { createRelayedPowerBlocker, type PowerReply } from "./relayPowerBlocker";

/**
 * Runs in Electron's utility process (plain Node, no window): owns the headless core and answers the main
 * process's relayed API calls, so no model load or Python run ever blocks the UI thread.
 */
const parentPort = (process as unknown as { parentPort: { on(event: "message", listener: (message: { data: { id: number; method: unknown; args: unknown; powerReply?: PowerReply } }) => void): void; postMessage(message: unknown): void } }).parentPort;
const dataDirArg = process.argv.find((arg) => arg.startsWith("--data-dir="))?.slice("--data-dir=".length);

// One data dir, one process (docs/cli.md): the app owns its data dir while it runs, so a CLI command started
// meanwhile is refused naming this pid. When another process owns it, every call answers that error instead of
// two processes writing the same stores.
const { dataDir } = resolveDataDir({ flag: dataDirArg });
const taken = await DataDirLock.acquire({ dataDir, host: "electron" });
if (taken.owner) {
  const refusal = toWireError(new DataDirLockedError(dataDir, taken.owner));
  parentPort.on("message", ({ data }) => parentPort.postMessage({ id: data.id, reply: { ok: false, error: refusal } }));
} else {
  // Sleep is blocked by the main process's powerSaveBlocker (docs/rounds.md, "Sharing the machine").
  const powerBlocker = createRelayedPowerBlocker((message) => parentPort.postMessage(message));
  const core = await createCore({ host: "electron", dataDir: dataDirArg, powerBlocker });
  core.subscribe((event: unknown) => parentPort.postMessage({ event }));
  parentPort.on("message", async ({ data }) => {
    if (data.powerReply) return powerBlocker.onReply(data.powerReply);
    parentPort.postMessage({ id: data.id, reply: await answerCall(core.api, data.method, data.args) });
  });
}
