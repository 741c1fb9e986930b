import path from "node:path";
import type { Low } from "lowdb";
import { openJsonStore } from "../../storage/openJsonStore.js";

/** `web-host.json` in the data dir: the port the web host last listened on, so a bookmark keeps working. */
export interface LastPortDocument {
  lastPort: number | null;
}

export function openLastPortStore(options: { dataDir: string }): Promise<Low<LastPortDocument>> {
  return openJsonStore<LastPortDocument>({
    file: path.join(options.dataDir, "web-host.json"),
    defaults: { lastPort: null },
    validate: (data) => {
      const port = (data as Partial<LastPortDocument>).lastPort;
      return port === null || port === undefined || (Number.isInteger(port) && port > 0 && port <= 65535) ? null : 'field "lastPort" is not a port number';
    },
  });
}
