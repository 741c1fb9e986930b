import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DoctorReport } from "../../../native/hosts/cli/commands/doctorCommand.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");

function tracetune(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", ...args], { cwd: repoRoot, encoding: "utf8", timeout: 180_000, env: { ...process.env, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The first test's Pyodide snapshot, reused by the second so it does not pay for a cold start again. */
let warmCacheDir: string | null = null;

describe("tracetune doctor", () => {
  it("runs every check on a fresh data dir: Node, Pyodide and its snapshot, isolation, egress, data dir and lock, model folders, disk", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "tt-doctor-")), "data");
    const run = tracetune(["--data-dir", dataDir, "--json", "doctor"]);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.checks.map((check) => check.id)).toEqual(["node", "data-dir", "pyodide", "snapshot", "sandbox-network", "egress", "device", "llama-tools", "models", "disk"]);
    // The llama.cpp tools may or may not be built on this machine; every other check must pass here.
    expect(report.checks.filter((check) => check.id !== "llama-tools" && check.status !== "pass")).toEqual([]);
    expect(report.checks.find((check) => check.id === "pyodide")?.detail).toMatch(/ran a test \(verdict pass/);
    expect(report.checks.find((check) => check.id === "data-dir")?.detail).toBe(`${dataDir}: writable; no process owns it now`);
    const tools = report.checks.find((check) => check.id === "llama-tools")!;
    expect(report.ok).toBe(tools.status !== "fail");
    expect(run.status).toBe(report.ok ? 0 : 1);
    expect(report.versions?.node).toBe(process.versions.node);
    expect(report.device?.physicalCores).toBeGreaterThan(0);
    expect(report.recentErrors).toEqual([]);
    warmCacheDir = path.join(dataDir, "cache");
  });

  it("fails (exit 1) with a fix for each broken part: tools not built, a model folder gone, a corrupt store", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "tt-doctor-"));
    const dataDir = path.join(root, "data");
    const models = path.join(root, "models");
    await mkdir(models);
    expect(tracetune(["--data-dir", dataDir, "models", "add", models]).status).toBe(0);
    if (warmCacheDir) await cp(warmCacheDir, path.join(dataDir, "cache"), { recursive: true });
    await rm(models, { recursive: true });
    const emptyTools = path.join(root, "no-tools");
    await mkdir(emptyTools);
    const run = tracetune(["--data-dir", dataDir, "doctor"], { TRACETUNE_LLAMA_CPP_DIR: emptyTools });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAIL Model folders readable: cannot read ${models} (ENOENT)\n     fix: Mount or restore the folder`);
    expect(run.stdout).toMatch(/FAIL llama\.cpp tools \(serving, benchmarks, training\): not built for v[\d.]+ in .*no-tools.*\n {5}fix: Run: tracetune engines build/);
    expect(run.stdout).toContain("2 check(s) failed.");

    expect(tracetune(["--data-dir", dataDir, "tasks", "show", "nope/x"]).status).toBe(3);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(dataDir, "settings.json"), "{not json");
    const corrupt = tracetune(["--data-dir", dataDir, "--json", "doctor"]);
    expect(corrupt.status).toBe(1);
    const report = JSON.parse(corrupt.stdout) as DoctorReport;
    expect(report.checks.find((check) => check.id === "stores")).toMatchObject({ status: "fail", detail: expect.stringContaining("settings.json") });
    // The last errors commands ended with, for a bug report.
    expect(report.recentErrors.at(-1)).toMatchObject({ command: "tasks show", code: "unknown_task", message: 'No task with id "nope/x".' });
  });
});
