import type { Command } from "commander";
import type { SandboxNetworkReport } from "../../../api/index.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";

export function registerSettingsCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command("settings")
    .description("show the data dir, versions, offline status and user settings")
    .action(async () => {
      await runWithCore(globals(), async (core) => {
        const view = await core.api.getSettings();
        printResult(globals(), view, () =>
          [
            `data dir     ${view.dataDir} (from ${view.dataDirSource})`,
            `tracetune    ${view.versions.tracetune}`,
            `node         ${view.versions.node}`,
            `electron     ${view.versions.electron ?? "not running in Electron"}`,
            `node-llama-cpp ${view.versions.nodeLlamaCpp ?? "not installed"}`,
            `pyodide      ${view.versions.pyodide ?? "not installed"}`,
            `offline      ${view.offline.nonLoopback} non-loopback connection(s) this session`,
            `sandbox net  ${describeSandboxNetwork(view.offline.sandbox)}`,
          ].join("\n"),
        );
      });
    });

  program
    .command("egress")
    .description("report the outbound connections this process made (0 non-loopback expected); --self-test tries to leave the machine on every path and reports what refused it")
    .option("--self-test", "probe TCP, TLS, fetch, UDP and DNS from the core and from the Python sandbox's threads; exit 0 only when tracetune's guard refused every probe")
    .action(async (options: { selfTest?: boolean }) => {
      await runWithCore(globals(), async (core) => {
        if (options.selfTest) {
          const test = await core.api.runEgressSelfTest();
          printResult(globals(), test, () => [
            ...test.probes.map((probe) => `${probe.result.padEnd(11)} ${probe.path} ${probe.kind} ${probe.target}${probe.reason ? `: ${probe.reason}` : probe.error ? ` (${probe.error})` : ""}`),
            test.allRefused ? "every probe was refused by tracetune's guard" : "some probes were not refused by tracetune's guard (not_guarded above)",
          ].join("\n"));
          return test.allRefused ? 0 : 1;
        }
        const report = await core.api.getEgressReport();
        printResult(globals(), report, () =>
          [
            `${report.total} connection(s): ${report.loopback} loopback, ${report.nonLoopback} non-loopback (blocked)`,
            `python sandbox: ${describeSandboxNetwork(report.sandbox)}`,
          ].join("\n"),
        );
      });
    });
}

/** One line: whether the Python sandbox has a network namespace on this platform, and what it refused. */
export function describeSandboxNetwork(report: SandboxNetworkReport): string {
  const namespace = report.namespace === "isolated" ? `no network (own network namespace, ${report.platform})` : `no network namespace: ${report.reason}`;
  const refused = report.refusedSockets === null ? "" : `; ${report.refusedSockets} socket(s) refused`;
  return `${namespace}; every socket refused in the sandbox process${refused}`;
}
