import type { Command } from "commander";
import { openLastPortStore } from "../../http/openLastPortStore.js";
import { startWebHost } from "../../http/startWebHost.js";
import { defaultRendererDir } from "../defaultRendererDir.js";
import { optionValue } from "../optionValues.js";
import { runWithCore, type GlobalOptions } from "../runWithCore.js";

export function registerServeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("serve")
    .description("serve the app's UI and API on 127.0.0.1 (for headless or air-gapped machines); prints the URL to open")
    .option("--port <n>", "port to listen on, 0-65535; 0: a free port (default: the last port used with this data dir when it is free, else a free one)", optionValue.integer({ min: 0, max: 65535 }))
    .option("--renderer-dir <dir>", "built renderer to serve (default: the one built with the app)")
    .action(async (options: { port?: number; rendererDir?: string }) => {
      await runWithCore(globals(), async (core) => {
        const rendererDir = options.rendererDir ?? defaultRendererDir();
        const lastPort = await openLastPortStore({ dataDir: core.context.dataDir });
        const remembered = options.port === undefined ? lastPort.data.lastPort : null;
        // The last port keeps the address (and a bookmark of it) stable across restarts; a taken one is no error.
        const host = remembered === null
          ? await startWebHost({ core, rendererDir, port: options.port ?? 0 })
          : await startWebHost({ core, rendererDir, port: remembered }).catch((error: unknown) => {
            if ((error as { code?: string }).code !== "port_in_use") throw error;
            return startWebHost({ core, rendererDir, port: 0 });
          });
        if (lastPort.data.lastPort !== host.port) await lastPort.update((data) => void (data.lastPort = host.port));
        if (globals().json) process.stdout.write(JSON.stringify({ url: host.url, port: host.port }) + "\n");
        else process.stdout.write(`tracetune is serving on ${host.url}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await host.close();
      }, { host: "web" });
    });
}
