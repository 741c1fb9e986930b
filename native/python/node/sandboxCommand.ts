import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type { SandboxConfig } from "../sandbox/sandboxProtocol.js";
import { detectNetworkIsolation, withNetworkIsolation, type NetworkIsolation } from "./detectNetworkIsolation.js";
import type { SandboxFiles } from "./resolveSandboxFiles.js";

/**
 * The exact command line of the sandbox process (docs/python-sandbox.md, "Layers"): Node's permission model
 * (reads of the runtime's own files only, workers, no addons, no child processes, no writes), no code
 * generation from strings, the socket guard preloaded into every thread, an empty environment, and a network
 * namespace where the platform has one. One definition for SandboxProcess and for the tests that check it.
 */
export function sandboxCommand({ files, snapshotPath, config, isolation = detectNetworkIsolation() }: {
  files: Pick<SandboxFiles, "entry" | "pyodideDir" | "socketGuard">;
  /** A snapshot file to allow reading; null: none. */
  snapshotPath: string | null;
  config: SandboxConfig;
  /** Default: what this platform allows (detectNetworkIsolation). */
  isolation?: NetworkIsolation;
}): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const major = Number(process.versions.node.split(".")[0]);
  const nodeArgs = [
    major >= 22 ? "--permission" : "--experimental-permission",
    `--allow-fs-read=${files.pyodideDir}`,
    `--allow-fs-read=${dirname(files.entry)}`,
    ...(snapshotPath ? [`--allow-fs-read=${snapshotPath}`] : []),
    "--allow-worker",
    "--no-addons",
    // eval, Function and their async/generator kinds (and setTimeout with a string) throw in every thread,
    // whatever route to them a program finds; WebAssembly still compiles (Pyodide needs it).
    "--disallow-code-generation-from-strings",
    // Node runs an --import module in the main thread and again in every worker thread before its entry:
    // each thread's JavaScript is refused every socket (the permission model of Node 20 has no network scope).
    `--import=${pathToFileURL(files.socketGuard).href}`,
    // Each interpreter collects its start-up garbage (the snapshot copy, the stdlib zip) before serving.
    "--expose-gc",
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
    files.entry,
    JSON.stringify(config),
  ];
  // An empty environment: nothing of the user's (tokens, paths) is there for a program to read.
  const env: NodeJS.ProcessEnv = process.versions.electron ? { ELECTRON_RUN_AS_NODE: "1" } : {};
  return { ...withNetworkIsolation(isolation, process.execPath, nodeArgs), env };
}
