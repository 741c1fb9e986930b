import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { access, constants, readdir, statfs, unlink, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { formatBytes } from "../../../storage/inputLimits.js";
import { readDataDirOwner } from "../../../storage/dataDirLock.js";
import { toWireError } from "../../../common/TracetuneError.js";
import type { GpuInfo } from "../../../api/modelsApi.js";
import type { Core } from "../../../core/createCore.js";
import { detectNetworkIsolation } from "../../../python/node/detectNetworkIsolation.js";
import { resolveSandboxFiles } from "../../../python/node/resolveSandboxFiles.js";

/** One check of `tracetune doctor`: "warn" is worth knowing but does not make the run fail. */
export interface DoctorCheck {
  id: string;
  title: string;
  status: "pass" | "warn" | "fail";
  /** What was found. */
  detail: string;
  /** What to do about a warn or fail; null on pass. */
  fix: string | null;
}

/** Free space below which the data dir's disk fails the check (a round writes samples, traces and exports). */
export const minFreeBytes = 1 << 30;
/** Free space below which it warns. */
export const lowFreeBytes = 5 * 2 ** 30;
/** The oldest Node the app supports (package.json "engines"). */
const minNode = [20, 19] as const;

const pass = (id: string, title: string, detail: string): DoctorCheck => ({ id, title, status: "pass", detail, fix: null });
const problem = (status: "warn" | "fail", id: string, title: string, detail: string, fix: string): DoctorCheck => ({ id, title, status, detail, fix });

export function checkNode(version = process.versions.node): DoctorCheck {
  const [major, minor] = version.split(".").map(Number);
  const isNewEnough = major > minNode[0] || (major === minNode[0] && minor >= minNode[1]);
  return isNewEnough
    ? pass("node", "Node.js version", `Node ${version} (at least ${minNode.join(".")} needed)`)
    : problem("fail", "node", "Node.js version", `Node ${version} is older than ${minNode.join(".")}`, `Install Node ${minNode.join(".")} or later (https://nodejs.org), then run npm ci.`);
}

/** The sandbox is built and runs a program: starts the core's pool and runs one real test in it. */
export async function checkPython(core: Core, dataDir: string): Promise<DoctorCheck[]> {
  let files: ReturnType<typeof resolveSandboxFiles>;
  try {
    files = resolveSandboxFiles();
  } catch (error) {
    const message = (error as Error).message;
    return [problem("fail", "pyodide", "Python runtime (Pyodide sandbox)", message, "Run: npm run build (it builds out/sandbox), then try again.")];
  }
  const started = Date.now();
  let checks: DoctorCheck[];
  try {
    const result = await core.api.pythonExec({ program: "def inc(x):\n    return x + 1\n", tests: "assert inc(1) == 2" });
    checks = [result.verdict === "pass"
      ? pass("pyodide", "Python runtime (Pyodide sandbox)", `Pyodide ${files.pyodideVersion} ran a test (verdict pass, ${Date.now() - started} ms including start-up)`)
      : problem("fail", "pyodide", "Python runtime (Pyodide sandbox)", `a passing test came back "${result.verdict}"`, "Reinstall (npm ci && npm run build); if it persists, report it with this output.")];
  } catch (error) {
    return [problem("fail", "pyodide", "Python runtime (Pyodide sandbox)", toWireError(error).message, "Reinstall (npm ci && npm run build); if it persists, report it with this output.")];
  }
  const snapshot = path.join(dataDir, "cache", `pyodide-${files.pyodideVersion}-node${process.versions.node}-${files.workerHash}.snapshot`);
  checks.push(existsSync(snapshot)
    ? pass("snapshot", "Pyodide start-up snapshot", `${snapshot} (later starts load from it, about 4x faster)`)
    : problem("warn", "snapshot", "Pyodide start-up snapshot", `no snapshot at ${snapshot}: every start loads Pyodide the slow way`, `Check that ${path.dirname(snapshot)} is writable; it is written after the first start.`));
  return checks;
}

export function checkSandboxNetwork(): DoctorCheck {
  const isolation = detectNetworkIsolation();
  const title = "Python sandbox network isolation";
  if (isolation.namespace === "isolated") return pass("sandbox-network", title, "own user and network namespace (no network at all), plus the socket guard in every thread");
  if (isolation.namespace === "unsupported") return pass("sandbox-network", title, `the socket guard in every thread; ${isolation.reason} has no unprivileged network namespace`);
  return problem("warn", "sandbox-network", title, `only the socket guard: ${isolation.reason}`, "Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 kernel.apparmor_restrict_unprivileged_userns=0) for a second layer.");
}

export async function checkEgress(core: Core): Promise<DoctorCheck> {
  const test = await core.api.runEgressSelfTest();
  const leaks = test.probes.filter((probe) => probe.result === "not_guarded");
  return leaks.length === 0
    ? pass("egress", "Egress self-test", `${test.probes.filter((probe) => probe.refused).length} probes refused by tracetune's guard (${test.probes.filter((probe) => probe.result === "skipped").length} skipped)`)
    : problem("fail", "egress", "Egress self-test", `not guarded: ${leaks.map((probe) => `${probe.path} ${probe.kind} (${probe.reason})`).join("; ")}`, "Run tracetune egress --self-test for details and report it: tracetune's guard should refuse every probe.");
}

export async function checkLlamaTools(core: Core): Promise<DoctorCheck> {
  const title = "llama.cpp tools (serving, benchmarks, training)";
  try {
    const tools = await core.api.getLlamaTools();
    if (tools.isReady) return pass("llama-tools", title, `${tools.tag} in ${tools.dir} (${tools.source})`);
    const missing = Object.entries(tools.binaries ?? {}).filter(([, file]) => file === null).map(([name]) => name);
    return problem("fail", "llama-tools", title, `not built for ${tools.tag} in ${tools.dir}${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`, "Run: tracetune engines build (offline, about 5 minutes), or point Settings at your own build (tracetune engines use DIR).");
  } catch (error) {
    return problem("fail", "llama-tools", title, toWireError(error).message, "Run: tracetune engines build");
  }
}

/** The data dir can be written here, and who owns it now (its lock). */
export async function checkDataDir(dataDir: string): Promise<DoctorCheck> {
  const title = "Data dir writable";
  const probe = path.join(dataDir, `.doctor-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(probe, "tracetune doctor\n");
    await unlink(probe);
  } catch (error) {
    return problem("fail", "data-dir", title, `cannot write ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, "Give your user write access to it, or choose another with --data-dir / TRACETUNE_DATA_DIR.");
  }
  const owner = await readDataDirOwner(dataDir);
  const held = owner === null ? "no process owns it now" : `owned by pid ${owner.pid} (${owner.command ? `tracetune ${owner.command}` : `${owner.host} host${owner.port === null ? "" : ` on port ${owner.port}`}`}, since ${owner.since}); other commands go through it`;
  return pass("data-dir", title, `${dataDir}: writable; ${held}`);
}

export async function checkModelFolders(core: Core): Promise<DoctorCheck> {
  const title = "Model folders readable";
  const folders = await core.api.listModelFolders();
  if (folders.length === 0) return pass("models", title, "no model folder registered yet (tracetune models add DIR)");
  const unreadable: string[] = [];
  for (const folder of folders) {
    try {
      await access(folder, constants.R_OK | constants.X_OK);
      await readdir(folder);
    } catch (error) {
      unreadable.push(`${folder} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
    }
  }
  return unreadable.length === 0
    ? pass("models", title, `${folders.length} folder(s) readable: ${folders.join(", ")}`)
    : problem("fail", "models", title, `cannot read ${unreadable.join(", ")}`, "Mount or restore the folder, give your user read access, or remove it (tracetune models remove / Settings).");
}

export async function checkDiskSpace(dataDir: string): Promise<DoctorCheck> {
  const title = "Free disk space (data dir)";
  const stats = await statfs(dataDir);
  const free = Number(stats.bavail) * Number(stats.bsize);
  const detail = `${formatBytes(free)} free on the data dir's disk`;
  if (free < minFreeBytes) return problem("fail", "disk", title, detail, `Free at least ${formatBytes(minFreeBytes)}: rounds write samples, traces and exports.`);
  if (free < lowFreeBytes) return problem("warn", "disk", title, detail, `Below ${formatBytes(lowFreeBytes)}: a long run may fill it; free space or move the data dir.`);
  return pass("disk", title, detail);
}

/** node-llama-cpp loads here, and what it runs models on (the GPU backend it picked, or the CPU). */
export async function checkDevice(core: Core): Promise<{ check: DoctorCheck; device: GpuInfo | null }> {
  const title = "Model runtime (node-llama-cpp) and device";
  try {
    const device = await core.api.getGpuInfo();
    const on = device.backend ? `${device.backend} (${device.deviceNames.join(", ") || "unnamed device"}${device.vram ? `, ${formatBytes(device.vram.free)} of ${formatBytes(device.vram.total)} free` : ""})` : "the CPU";
    return { check: pass("device", title, `models run on ${on}; ${device.physicalCores} physical cores`), device };
  } catch (error) {
    return { check: problem("fail", "device", title, toWireError(error).message, "Reinstall dependencies (npm ci): node-llama-cpp's prebuilt binaries for this platform are missing or do not load."), device: null };
  }
}
