import type { Command } from "commander";
import type { GpuInfo } from "../../../api/modelsApi.js";
import type { VersionInfo } from "../../../api/settingsApi.js";
import { toWireError } from "../../../common/TracetuneError.js";
import { createCore, type Core } from "../../../core/createCore.js";
import { readRecentErrors, type LoggedError } from "../../../storage/errorLog.js";
import { resolveDataDir } from "../../../storage/resolveDataDir.js";
import { printResult, type GlobalOptions } from "../runWithCore.js";
import { checkDataDir, checkDevice, checkDiskSpace, checkEgress, checkLlamaTools, checkModelFolders, checkNode, checkPython, checkSandboxNetwork, type DoctorCheck } from "./doctorChecks.js";

export interface DoctorReport {
  /** True when no check failed (warnings allowed). */
  ok: boolean;
  dataDir: string;
  platform: string;
  versions: VersionInfo | null;
  /** What node-llama-cpp finds here (GPU backend, devices, VRAM, cores); null when it did not load. */
  device: GpuInfo | null;
  checks: DoctorCheck[];
  /** The last errors tracetune commands ended with on this data dir (`<data dir>/logs/errors.jsonl`), newest last. */
  recentErrors: LoggedError[];
}

/**
 * `tracetune doctor [--json]`: checks what the app needs on this machine, each with its status and a fix, in one
 * report a user can paste into a bug. Runs in its own process without the data dir's lock (it writes only a probe
 * file and the Pyodide snapshot cache); exit 0 when no check fails, 1 otherwise.
 */
export function registerDoctorCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("doctor")
    .description("check this machine: Node, the Python sandbox and its snapshot, network isolation, egress, llama.cpp tools, data dir, model folders, disk space; exit 1 when a check fails")
    .action(async () => {
      const { dataDir } = resolveDataDir({ flag: globals().dataDir });
      const checks: DoctorCheck[] = [checkNode()];
      let core: Core | null = null;
      let versions: VersionInfo | null = null;
      let device: GpuInfo | null = null;
      try {
        checks.push(await checkDataDir(dataDir));
        try {
          core = await createCore({ dataDir, host: "cli" });
          versions = (await core.api.getSettings()).versions;
        } catch (error) {
          checks.push({ id: "stores", title: "Stores readable", status: "fail", detail: toWireError(error).message, fix: "Fix or move the file named above (it was left untouched), then run tracetune doctor again." });
        }
        if (core) {
          checks.push(...(await checkPython(core, dataDir)), checkSandboxNetwork(), await checkEgress(core));
          const runtime = await checkDevice(core);
          device = runtime.device;
          checks.push(runtime.check, await checkLlamaTools(core), await checkModelFolders(core));
        }
        checks.push(await checkDiskSpace(dataDir));
      } finally {
        await core?.dispose();
      }
      const recentErrors = await readRecentErrors({ dataDir });
      const report: DoctorReport = { ok: checks.every((check) => check.status !== "fail"), dataDir, platform: `${process.platform}-${process.arch}`, versions, device, checks, recentErrors };
      printResult(globals(), report, () => [
        ...checks.map((check) => `${check.status.toUpperCase().padEnd(4)} ${check.title}: ${check.detail}${check.fix ? `\n     fix: ${check.fix}` : ""}`),
        ...(recentErrors.length === 0 ? [] : ["Last errors:", ...recentErrors.map((entry) => `  ${entry.at} tracetune ${entry.command}: [${entry.code}] ${entry.message}`)]),
        report.ok ? "All checks passed." : `${checks.filter((check) => check.status === "fail").length} check(s) failed.`,
      ].join("\n"));
      process.exitCode = report.ok ? 0 : 1;
    });
}
