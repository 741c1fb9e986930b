import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { TracetuneError } from "../common/TracetuneError.js";

/** The process that owns a data dir, as its lock file says (`<data dir>/tracetune.lock`, readable by the user only). */
export interface DataDirOwner {
  pid: number;
  /** The process's start time as the OS reports it (Linux: /proc/PID/stat field 22), so a reused pid is not taken for it; null elsewhere. */
  processStart: string | null;
  /** The front door: "web" (tracetune serve), "electron" or "cli". */
  host: "web" | "electron" | "cli";
  /** The CLI command that holds it ("tasks import"), null for a host. */
  command: string | null;
  /** Where a host serves its API on 127.0.0.1, with its token; null while it is not serving (or for a CLI command). */
  port: number | null;
  token: string | null;
  since: string;
}

export const lockFileName = "tracetune.lock";

/** A data dir owned by a live process that cannot take calls from another one (a CLI command, or a host not serving). */
export class DataDirLockedError extends TracetuneError {
  constructor(dataDir: string, owner: DataDirOwner) {
    const what = owner.command ? `\`tracetune ${owner.command}\`` : owner.host === "electron" ? "the tracetune app" : `a tracetune ${owner.host} host`;
    super(
      "data_dir_locked",
      `The data dir ${dataDir} is in use by ${what} (pid ${owner.pid}, since ${owner.since}). Wait for it to finish, stop it, or use another --data-dir.`,
      { dataDir, pid: owner.pid, host: owner.host, command: owner.command, lockFile: path.join(dataDir, lockFileName) },
    );
  }
}

/** This process's start time, read once (what a later reader compares the lock's pid against). */
const ownStart = readProcessStart(process.pid);
/** Locks held by this process, by data dir: one process may open several cores on one data dir (tests, Electron). */
const held = new Map<string, { owner: DataDirOwner; count: number }>();

/**
 * One data dir, one owning process: a lock file created atomically (written to a temporary file, then hard-linked
 * into place, so nobody ever reads half a lock) holding the owner's pid, start time and, for a host, the port and
 * token its API answers on. A lock whose process is gone (no such pid, or the pid now belongs to a process started
 * later) is taken over at once. A process that already holds the lock may take it again (counted).
 */
export class DataDirLock {
  private isReleased = false;

  private constructor(readonly dataDir: string, private readonly file: string) {}

  /** The lock, or the live owner when another process holds it. */
  static async acquire(options: { dataDir: string; host: DataDirOwner["host"]; command?: string | null }): Promise<{ lock: DataDirLock; owner?: undefined } | { lock?: undefined; owner: DataDirOwner }> {
    const dataDir = path.resolve(options.dataDir);
    const file = path.join(dataDir, lockFileName);
    const mine = held.get(dataDir);
    if (mine) {
      mine.count += 1;
      return { lock: new DataDirLock(dataDir, file) };
    }
    await mkdir(dataDir, { recursive: true });
    const owner: DataDirOwner = { pid: process.pid, processStart: ownStart, host: options.host, command: options.command ?? null, port: null, token: null, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (await createExclusive(file, owner)) {
        held.set(dataDir, { owner, count: 1 });
        return { lock: new DataDirLock(dataDir, file) };
      }
      const current = await readOwnerFile(file);
      if (current && isAlive(current)) return { owner: current };
      await takeOverStale(file, current);
    }
    throw new TracetuneError("data_dir_lock_failed", `Could not take the lock ${file}: other processes keep replacing it.`, { lockFile: file });
  }

  /**
   * Says where this process serves the API (a host, once it listens), so other processes forward their calls to it.
   * Does nothing when this process does not hold the data dir's lock (a host started without one, as in tests).
   */
  static async advertise(dataDir: string, { port, token }: { port: number; token: string }): Promise<void> {
    const entry = held.get(path.resolve(dataDir));
    if (!entry) return;
    entry.owner = { ...entry.owner, port, token };
    const file = path.join(path.resolve(dataDir), lockFileName);
    const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    await writeFile(temporary, JSON.stringify(entry.owner) + "\n", { mode: 0o600 });
    await rename(temporary, file);
  }

  /** Gives the lock up (the last holder in this process removes the file, if it is still this process's). */
  async release(): Promise<void> {
    if (this.isReleased) return;
    this.isReleased = true;
    const entry = held.get(this.dataDir);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    held.delete(this.dataDir);
    const current = await readOwnerFile(this.file);
    if (current?.pid === process.pid && current.processStart === ownStart) await unlink(this.file).catch(() => {});
  }
}

/** The live owner of a data dir, or null when none (no lock, or a stale one). */
export async function readDataDirOwner(dataDir: string): Promise<DataDirOwner | null> {
  const owner = await readOwnerFile(path.join(path.resolve(dataDir), lockFileName));
  return owner && isAlive(owner) ? owner : null;
}

async function createExclusive(file: string, owner: DataDirOwner): Promise<boolean> {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  await writeFile(temporary, JSON.stringify(owner) + "\n", { mode: 0o600 });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

/**
 * Moves a stale lock aside and checks that what was moved is the lock judged stale: if another process replaced it
 * in between (it took the lock over first), its fresh lock is put back.
 */
async function takeOverStale(file: string, stale: DataDirOwner | null): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = await readOwnerFile(aside);
  if (moved && stale && (moved.pid !== stale.pid || moved.since !== stale.since) && isAlive(moved)) {
    await link(aside, file).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

async function readOwnerFile(file: string): Promise<DataDirOwner | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as DataDirOwner;
    return Number.isInteger(owner?.pid) ? owner : null;
  } catch {
    return null; // not a lock we wrote (files are whole: written aside, then linked or renamed): stale
  }
}

/** The owner's process still runs: the pid exists and, where the OS tells, started when the lock says. */
export function isAlive(owner: DataDirOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.processStart === null) return true;
  const start = readProcessStart(owner.pid);
  return start === null || start === owner.processStart;
}

function readProcessStart(pid: number): string | null {
  if (process.platform !== "linux") return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command name) may hold spaces and parentheses: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}
