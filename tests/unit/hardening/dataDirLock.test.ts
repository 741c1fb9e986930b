import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLock, lockFileName, readDataDirOwner } from "../../../native/storage/dataDirLock.js";
import { datasetsDir } from "../../datasetsDir.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
// tsx by its file URL, so the CLI can run from any working directory (relative paths are part of the test).
const cliArgs = ["--import", pathToFileURL(path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href, path.join(repoRoot, "native", "hosts", "cli", "tracetune.ts")];

/** Runs `tracetune ARGS` from source, as its own process. */
function cli(args: string[], cwd = repoRoot): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...cliArgs, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `tracetune serve` on the data dir; resolves with its port and token once it listens. */
async function startServe(dataDir: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  const rendererDir = await mkdtemp(path.join(tmpdir(), "tt-renderer-"));
  const child = spawn(process.execPath, [...cliArgs, "--data-dir", dataDir, "--json", "serve", "--port", "0", "--renderer-dir", rendererDir], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  return { child, port, token: new URL(url).searchParams.get("token")! };
}

async function callHost<T>(host: { port: number; token: string }, method: string, args: unknown = {}): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${host.port}/api/call`, { method: "POST", headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" }, body: JSON.stringify({ method, args }) });
  const body = (await response.json()) as { ok: boolean; result: T; error: unknown };
  if (!body.ok) throw new Error(JSON.stringify(body.error));
  return body.result;
}

async function waitForJob(host: { port: number; token: string }, jobId: string): Promise<{ status: string }> {
  for (;;) {
    const job = await callHost<{ status: string }>(host, "getJob", { id: jobId });
    if (job.status !== "running" && job.status !== "queued") return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

describe("one data dir, one process", () => {
  it("a CLI import into the data dir of a running `tracetune serve` goes through the host, which sees it and keeps it on its next write", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-lock-"));
    const dataDir = path.join(dir, "data");
    const host = await startServe(dataDir);
    const lock = JSON.parse(await readFile(path.join(dataDir, lockFileName), "utf8"));
    expect(lock).toMatchObject({ pid: host.child.pid, host: "web", port: host.port, token: host.token });
    expect((await stat(path.join(dataDir, lockFileName))).mode & 0o777).toBe(0o600);

    // The script's import, from another directory with a relative path, as a user would type it.
    await writeFile(path.join(dir, "mine.jsonl"), JSON.stringify({ id: "double", buggyProgram: "def double(x):\n    return x + 2\n", tests: ["assert double(3) == 6"] }) + "\n");
    const imported = cli(["--data-dir", dataDir, "tasks", "import", "--format", "jsonl", "--no-validate", "mine.jsonl"], dir);
    expect(imported.stderr).toContain(`is served by pid ${host.child.pid} (port ${host.port}); running this command there.`);
    expect(imported.status).toBe(0);

    expect((await callHost<Array<{ id: string }>>(host, "listTaskSets")).map((set) => set.id)).toEqual(["mine"]);
    // The host's next write (the UI importing the demo set) keeps the CLI's set in the index.
    expect(await waitForJob(host, (await callHost<{ jobId: string }>(host, "importDemoTasks", { validate: false })).jobId)).toMatchObject({ status: "done" });
    expect((await callHost<Array<{ id: string }>>(host, "listTaskSets")).map((set) => set.id)).toEqual(["demo", "mine"]);
    expect(Object.keys(JSON.parse(await readFile(path.join(dataDir, "tasks", "index.json"), "utf8")).sets).sort()).toEqual(["demo", "mine"]);
    const listed = cli(["--data-dir", dataDir, "--json", "tasks", "list", "--set", "mine"]);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).tasks.map((task: { id: string }) => task.id)).toEqual(["mine/double"]);

    // A second host on the same data dir is refused, naming the owner.
    const second = cli(["--data-dir", dataDir, "serve", "--port", "0", "--renderer-dir", dir]);
    expect(second.status).toBe(3);
    expect(second.stderr).toContain(`is in use by a tracetune web host (pid ${host.child.pid}`);

    host.child.kill("SIGINT");
    expect(await exited(host.child)).toBe(0);
    expect(existsSync(path.join(dataDir, lockFileName))).toBe(false);
  });

  it("a forwarded long command follows the host's job, and Ctrl-C cancels that job in the host", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "tt-lock-")), "data");
    const host = await startServe(dataDir);
    const importing = spawn(process.execPath, [...cliArgs, "--data-dir", dataDir, "tasks", "import", "--format", "mbpp", path.join(datasetsDir, "mbpp.jsonl")], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    children.push(importing);
    let stderr = "";
    await new Promise<void>((resolve) => importing.stderr!.on("data", (chunk) => (stderr += chunk, stderr.includes("running this command there") && resolve())));
    // The host's job is running (974 records to import and validate in the host's sandbox).
    let jobs: Array<{ id: string; kind: string; status: string }> = [];
    for (let tries = 0; tries < 100 && !jobs.some((job) => job.kind === "tasks.import"); tries += 1) {
      jobs = await callHost(host, "listJobs");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const job = jobs.find((candidate) => candidate.kind === "tasks.import")!;
    expect(job.status).toBe("running");
    importing.kill("SIGINT");
    expect(await exited(importing)).toBe(130);
    expect(await waitForJob(host, job.id)).toMatchObject({ status: "cancelled" });
  });

  it("a lock left by a killed host is taken over at once", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "tt-lock-")), "data");
    const host = await startServe(dataDir);
    host.child.kill("SIGKILL");
    await exited(host.child);
    expect(JSON.parse(await readFile(path.join(dataDir, lockFileName), "utf8")).pid).toBe(host.child.pid);
    expect(await readDataDirOwner(dataDir)).toBeNull();
    const listed = cli(["--data-dir", dataDir, "--json", "tasks", "list"]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stderr).not.toMatch(/in use by|served by/);
    expect(existsSync(path.join(dataDir, lockFileName))).toBe(false);
  });

  it("processes racing for a free data dir, or for a stale lock, end with exactly one owner", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "tt-lock-")), "data");
    const script = `import { DataDirLock } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, "native", "storage", "dataDirLock.ts")).href)};
      const taken = await DataDirLock.acquire({ dataDir: ${JSON.stringify(dataDir)}, host: "cli", command: "race" });
      process.stdout.write(taken.lock ? "owner" : "refused " + taken.owner.pid);
      await new Promise((resolve) => setTimeout(resolve, 3000));`;
    const race = async () => {
      const runs = Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [cliArgs[0], cliArgs[1], "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
        children.push(child);
        let out = "";
        child.stdout!.on("data", (chunk) => (out += chunk));
        child.once("exit", () => resolve(out));
      }));
      return Promise.all(runs);
    };
    const first = await race();
    expect(first.filter((out) => out === "owner")).toHaveLength(1);
    expect(first.filter((out) => out.startsWith("refused "))).toHaveLength(3);
    // All four have exited without releasing (no dispose): the lock is stale, and the next race has one winner again.
    expect(await readDataDirOwner(dataDir)).toBeNull();
    const second = await race();
    expect(second.filter((out) => out === "owner")).toHaveLength(1);
  });

  it("a data dir held by another CLI command is refused naming its pid; a pid reused by a later process is stale", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "tt-lock-")), "data");
    await mkdir(dataDir, { recursive: true });
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    children.push(sleeper);
    const start = (await readFile(`/proc/${sleeper.pid}/stat`, "utf8")).split(") ")[1].split(" ")[19];
    const owner = { pid: sleeper.pid, processStart: start, host: "cli", command: "tasks import", port: null, token: null, since: "2026-11-26T00:00:00.000Z" };
    await writeFile(path.join(dataDir, lockFileName), JSON.stringify(owner));
    const refused = cli(["--data-dir", dataDir, "tasks", "list"]);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toBe(`tracetune: The data dir ${dataDir} is in use by \`tracetune tasks import\` (pid ${sleeper.pid}, since 2026-11-26T00:00:00.000Z). Wait for it to finish, stop it, or use another --data-dir.\n`);
    // Commands that do not write the data dir take no lock.
    await writeFile(path.join(dataDir, "..", "p.py"), "def f(x):\n    return x\n");
    expect(cli(["--data-dir", dataDir, "trace", "--program", path.join(dataDir, "..", "p.py"), "--call", "f(1)"]).status).toBe(0);

    // The same pid with another start time is another process: the lock is stale and taken over.
    await writeFile(path.join(dataDir, lockFileName), JSON.stringify({ ...owner, processStart: "1" }));
    const taken = await DataDirLock.acquire({ dataDir, host: "cli", command: "tasks list" });
    expect(taken.owner).toBeUndefined();
    expect(JSON.parse(await readFile(path.join(dataDir, lockFileName), "utf8")).pid).toBe(process.pid);
    await taken.lock!.release();
    expect(existsSync(path.join(dataDir, lockFileName))).toBe(false);
  });
});
