import { randomUUID } from "node:crypto";
import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, truncate, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { RoundSampleRecord } from "../../api/roundTypes.js";
import { readVersioned, withSchema, type StoreSchema } from "../../storage/schemaVersion.js";
import { checkRunName } from "../common/roundSettings.js";
import type { StoredRun } from "../common/storedRun.js";
import { CorruptRunError, RunBusyError, UnknownRunError } from "./roundErrors.js";
import { pauseForever, shouldPauseAt } from "./testPausePoint.js";

export const runSchema: StoreSchema = { name: "round run", version: 1 };
export const roundSampleSchema: StoreSchema = { name: "round sample", version: 1 };

/** The identity that makes a sample exactly-once within a round. */
export const sampleIdentity = (record: Pick<RoundSampleRecord, "taskId" | "sampleIndex">): string => `${record.taskId}\u0000${record.sampleIndex}`;

/**
 * Runs on disk: `<dataDir>/rounds/<name>/run.json` (settings, models, task selection, per-round state;
 * rewritten atomically), `round-<n>/samples.jsonl` (one RoundSampleRecord a line, append-only), `lock`
 * (the pid of the process running it) and `pause` while a pause is requested. A crash mid-append leaves a torn last line, which `readSamples`
 * with `repair` cuts off so that sample is redone; a complete line that is not a sample is an error naming
 * file and line, and so is a second record of the same (task, index): nothing is silently dropped or doubled.
 */
export class RunStore {
  readonly rootDir: string;

  constructor(options: { dataDir: string }) {
    this.rootDir = path.join(options.dataDir, "rounds");
  }

  dir(name: string): string {
    return path.join(this.rootDir, checkRunName(name));
  }

  runFile(name: string): string {
    return path.join(this.dir(name), "run.json");
  }

  samplesFile(name: string, round: number): string {
    return path.join(this.dir(name), `round-${round}`, "samples.jsonl");
  }

  async exists(name: string): Promise<boolean> {
    return stat(this.runFile(name)).then(() => true, () => false);
  }

  async list(): Promise<string[]> {
    const entries = await readdir(this.rootDir, { withFileTypes: true }).catch(() => []);
    const names: string[] = [];
    for (const entry of entries) if (entry.isDirectory() && (await this.exists(entry.name).catch(() => false))) names.push(entry.name);
    return names.sort();
  }

  async readRun(name: string): Promise<StoredRun> {
    const file = this.runFile(name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UnknownRunError(name, this.rootDir);
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CorruptRunError(file, null, `not JSON (${(error as Error).message})`);
    }
    const run = readVersioned<StoredRun>(parsed, { schema: runSchema, file });
    if (!run || typeof run !== "object" || run.name !== name || !Array.isArray(run.rounds) || typeof run.settings !== "object") throw new CorruptRunError(file, null, "not a run file (name, settings and rounds expected)");
    return run;
  }

  /** Writes run.json atomically (temp file + rename): a crash leaves the old or the new file, never half of one. */
  async writeRun(run: StoredRun): Promise<void> {
    const file = this.runFile(run.name);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    await writeFile(temp, JSON.stringify(withSchema(run, runSchema), null, 2) + "\n");
    await rename(temp, file);
  }

  /**
   * Read-modify-write of run.json, one at a time per run in this process (a periodic save and a stage change
   * never interleave). Each writer changes only its own fields of the freshly read run, so `set-model` from
   * another process between two saves is kept.
   */
  async updateRun(name: string, change: (run: StoredRun) => StoredRun): Promise<StoredRun> {
    const previous = updateChains.get(this.runFile(name)) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(async () => {
      const updated = change(await this.readRun(name));
      await this.writeRun(updated);
      return updated;
    });
    updateChains.set(this.runFile(name), next);
    return next;
  }

  /**
   * The round's records in file order. With `repair`, a torn last line (no newline: the process died while
   * writing it) is cut off the file so that sample is redone; without, it is only left out.
   */
  async readSamples(name: string, round: number, options: { repair?: boolean } = {}): Promise<RoundSampleRecord[]> {
    const file = this.samplesFile(name, round);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const end = text.lastIndexOf("\n") + 1;
    if (end < text.length && options.repair) await truncate(file, Buffer.byteLength(text.slice(0, end)));
    const records: RoundSampleRecord[] = [];
    const seen = new Set<string>();
    const lines = text.slice(0, end).split("\n");
    lines.pop();
    for (const [index, line] of lines.entries()) {
      const lineNumber = index + 1;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new CorruptRunError(file, lineNumber, "not a JSON sample record");
      }
      const record = readVersioned<RoundSampleRecord>(parsed, { schema: roundSampleSchema, file, line: lineNumber });
      if (!record || typeof record.taskId !== "string" || !Number.isInteger(record.sampleIndex) || record.round !== round) throw new CorruptRunError(file, lineNumber, `not a sample record of round ${round}`);
      const key = sampleIdentity(record);
      if (seen.has(key)) throw new CorruptRunError(file, lineNumber, `a second record of task ${record.taskId} sample ${record.sampleIndex}`);
      seen.add(key);
      records.push(record);
    }
    return records;
  }

  /**
   * Appends one record as one line. The test hook "mid-line" writes half of the line and pauses there, so the
   * exactly-once test can kill the process with a torn line on disk.
   */
  async appendSample(record: RoundSampleRecord): Promise<void> {
    const file = this.samplesFile(record.run, record.round);
    await mkdir(path.dirname(file), { recursive: true });
    const line = JSON.stringify(withSchema(record, roundSampleSchema)) + "\n";
    if (shouldPauseAt("mid-line")) {
      const handle = await open(file, "a");
      await handle.write(line.slice(0, Math.floor(line.length / 2)));
      await handle.sync();
      await handle.close();
      await pauseForever("mid-line");
    }
    await appendFile(file, line);
  }

  async sizeBytes(name: string): Promise<number> {
    const walk = async (dir: string): Promise<number> => {
      let total = 0;
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = path.join(dir, entry.name);
        total += entry.isDirectory() ? await walk(full) : (await stat(full).catch(() => null))?.size ?? 0;
      }
      return total;
    };
    return walk(this.dir(name));
  }

  async delete(name: string): Promise<boolean> {
    if (!(await this.exists(name))) return false;
    const holder = await this.lockHolder(name);
    if (holder !== null) throw new RunBusyError(name, holder);
    await rm(this.dir(name), { recursive: true, force: true });
    return true;
  }

  /** The pid of a live process on this machine holding the run's lock, or null (no lock, or a stale one). */
  async lockHolder(name: string): Promise<number | null> {
    const text = await readFile(path.join(this.dir(name), "lock"), "utf8").catch(() => null);
    if (text === null) return null;
    try {
      const { pid, host } = JSON.parse(text) as { pid: number; host: string };
      return host === hostname() && isAlive(pid) ? pid : null;
    } catch {
      return null;
    }
  }

  /**
   * Asks the process running the run to pause it (`pause` in the run's folder): `runRounds` looks for it every
   * half second, wherever it runs (another CLI process, the app), and stops as a cancel does, leaving it paused.
   */
  async requestPause(name: string): Promise<void> {
    await writeFile(path.join(this.dir(name), "pause"), JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
  }

  async hasPauseRequest(name: string): Promise<boolean> {
    return stat(path.join(this.dir(name), "pause")).then(() => true, () => false);
  }

  /** Removes a pause request (a run starting or resuming clears any left from before). */
  async clearPauseRequest(name: string): Promise<void> {
    await unlink(path.join(this.dir(name), "pause")).catch(() => {});
  }

  /**
   * Takes the run's lock (one process runs a run at a time, or two would sample the same identities); a lock
   * left by a killed process is taken over. Returns the release function. Throws `run_busy`.
   */
  async lock(name: string): Promise<() => Promise<void>> {
    const file = path.join(this.dir(name), "lock");
    await mkdir(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const handle = await open(file, "wx");
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
        await handle.close();
        return async () => void (await unlink(file).catch(() => {}));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = await this.lockHolder(name);
        if (holder !== null) throw new RunBusyError(name, holder);
        await unlink(file).catch(() => {});
      }
    }
    throw new RunBusyError(name, -1);
  }
}

const updateChains = new Map<string, Promise<unknown>>();

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
