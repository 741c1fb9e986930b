import { toWireError } from "../../common/TracetuneError.js";
import { createCore, type Core } from "../../core/createCore.js";
import { exitCodeForError } from "./exitCodes.js";

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

/**
 * Runs one CLI command against a fresh in-process core and disposes it after. Errors become one clear line
 * on stderr (or a JSON `{error}` object on stdout with --json) and the documented exit code, never a stack.
 */
export async function runWithCore(globals: GlobalOptions, work: (core: Core) => Promise<number | void>, options: { host?: "cli" | "web" } = {}): Promise<void> {
  let core: Core | null = null;
  try {
    core = await createCore({ dataDir: globals.dataDir, host: options.host ?? "cli" });
    const exitCode = await work(core);
    process.exitCode = exitCode ?? 0;
  } catch (error) {
    const wire = toWireError(error);
    if (globals.json) process.stdout.write(JSON.stringify({ error: wire }, null, 2) + "\n");
    else process.stderr.write(`tracetune: ${wire.message}\n`);
    if (wire.code === "internal" && process.env.TRACETUNE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCodeForError(wire.code);
  } finally {
    await core?.dispose();
  }
}

export function printResult(globals: GlobalOptions, value: unknown, human: () => string): void {
  process.stdout.write(globals.json ? JSON.stringify(value, null, 2) + "\n" : human() + "\n");
}
