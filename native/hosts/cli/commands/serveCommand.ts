import type { Command } from "commander";
import { startWebHost } from "../../http/startWebHost.js";
import { defaultRendererDir } from "../defaultRendererDir.js";
import { optionValue } from "../optionValues.js";
import { runWithCore, type GlobalOptions } from "../runWithCore.js";

export function registerServeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("serve")
    .description("serve the app's UI and API on 127.0.0.1 (for headless or air-gapped machines); prints the URL to open")
    .option("--port <n>", "port to listen on, 0-65535 (default 0: a free port)", optionValue.integer({ min: 0, max: 65535 }), 0)
    .option("--renderer-dir <dir>", "built renderer to serve (default: the one built with the app)")
    .action(async (options: { port: number; rendererDir?: string }) => {
      await runWithCore(globals(), async (core) => {
        const host = await startWebHost({ core, rendererDir: options.rendererDir ?? defaultRendererDir(), port: options.port });
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
