import { toWireError } from "../../common/TracetuneError.js";
import { createCore, type Core } from "../../core/createCore.js";
import { DataDirLock, DataDirLockedError } from "../../storage/dataDirLock.js";
import { recordError, toLoggedError } from "../../storage/errorLog.js";
import { resolveDataDir } from "../../storage/resolveDataDir.js";
import { readVersions } from "../../settings/readVersions.js";
import { connectToHost } from "./connectToHost.js";
import { useInputLimits } from "./commands/readSourceFile.js";
import { exitCodeForError } from "./exitCodes.js";

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

/**
 * Commands that never write the data dir (they only read settings): they take no lock and run in-process even
 * while another process owns the data dir (docs/cli.md, "One data dir, one process"). `round pause` writes only a
 * pause request into the run's folder, which the process running the run reads and acts on.
 */
const commandsWithoutLock = new Set(["exec", "trace", "render", "trace-diff", "sample", "models info", "models gpu", "doctor", "round pause"]);

let currentCommand = "";

/** Set by the program's preAction hook: the command being run, as typed ("tasks import"). */
export function setCurrentCommand(name: string): void {
  currentCommand = name;
}

/**
 * Runs one CLI command against a core and disposes it after. A command that writes the data dir first takes the
 * data dir's lock (native/storage/dataDirLock.ts); when a running host (`tracetune serve`) owns it, the command is
 * sent to that host over its loopback API instead, so there is only ever one writer; when another CLI command owns
 * it, the command is refused naming that process. `serve` (host "web") must own the data dir itself. Errors become
 * one clear line on stderr (and a JSON `{error}` object on stdout with --json) and the documented exit code.
 */
export async function runWithCore(
  globals: GlobalOptions,
  work: (core: Core, extra: { dataDirLock: DataDirLock | null }) => Promise<number | void>,
  options: { host?: "cli" | "web" } = {},
): Promise<void> {
  const host = options.host ?? "cli";
  let core: Core | null = null;
  let lock: DataDirLock | null = null;
  let isForwarded = false;
  try {
    if (host === "web" || !commandsWithoutLock.has(currentCommand)) {
      const { dataDir } = resolveDataDir({ flag: globals.dataDir });
      const taken = await DataDirLock.acquire({ dataDir, host, command: host === "web" ? null : currentCommand || null });
      if (taken.owner) {
        const { owner } = taken;
        if (host === "web" || owner.port === null || owner.token === null) throw new DataDirLockedError(dataDir, owner);
        if (!globals.json) process.stderr.write(`tracetune: ${dataDir} is served by pid ${owner.pid} (port ${owner.port}); running this command there.\n`);
        core = await connectToHost({ ...owner, port: owner.port, token: owner.token }, { dataDir });
        isForwarded = true;
      } else {
        lock = taken.lock;
      }
    }
    core ??= await createCore({ dataDir: globals.dataDir, host });
    // Files a command reads itself (--program) are held to the same input limits as the API.
    useInputLimits(isForwarded ? (await core.api.getSettings()).settings.input : core.context.inputLimits());
    const exitCode = await work(core, { dataDirLock: lock });
    process.exitCode = exitCode ?? 0;
  } catch (error) {
    const wire = toWireError(error);
    // Every error, usage errors included (main.ts): one line on stderr, and with --json one JSON object on stdout.
    if (globals.json) process.stdout.write(JSON.stringify({ error: wire }, null, 2) + "\n");
    process.stderr.write(`tracetune: ${wire.message}\n`);
    if (wire.code === "internal" && process.env.TRACETUNE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCodeForError(wire.code);
    // Kept for `tracetune doctor`'s "last errors" (a cancel is not an error).
    if (wire.code !== "cancelled") await recordError({ dataDir: resolveDataDir({ flag: globals.dataDir }).dataDir, entry: toLoggedError(currentCommand || "tracetune", wire, readVersions().tracetune) });
  } finally {
    await core?.dispose();
    await lock?.release();
  }
}

export function printResult(globals: GlobalOptions, value: unknown, human: () => string): void {
  process.stdout.write(globals.json ? JSON.stringify(value, null, 2) + "\n" : human() + "\n");
}
