import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EvaluationConfig, EvaluationResult, EvaluationSampleRecord } from "../api/evaluationApi.js";
import { InvalidInputError, TracetuneError } from "../common/TracetuneError.js";
import { readVersioned, withSchema, type StoreSchema } from "../storage/schemaVersion.js";

/** The schemas of an evaluation's files (native/storage/schemaVersion.ts): every record carries its version. */
export const evaluationSchemas = {
  config: { name: "evaluation config", version: 1 },
  sample: { name: "evaluation sample", version: 1 },
  summary: { name: "evaluation summary", version: 1 },
} as const satisfies Record<string, StoreSchema>;

export class UnknownEvaluationError extends TracetuneError {
  constructor(id: string, dir: string) {
    super("unknown_evaluation", `No evaluation "${id}" in ${dir}.`, { id });
  }
}

export class CorruptEvaluationError extends TracetuneError {
  constructor(file: string, reason: string) {
    super("corrupt_store", `${file}: ${reason}`, { file });
  }
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The key that makes a sample exactly-once: one record per (condition, task, sample index). */
export const sampleKey = (record: Pick<EvaluationSampleRecord, "condition" | "taskId" | "sampleIndex">): string => `${record.condition}\u0000${record.taskId}\u0000${record.sampleIndex}`;

/**
 * Evaluations on disk: `<dataDir>/evaluations/<id>/` holds `config.json` (what was asked, written once),
 * `samples.jsonl` (one record a line, append-only) and `summary.json` (rewritten atomically after scoring).
 * A crash mid-append leaves a torn last line; `readSamples({ repair: true })` cuts it off so that sample is
 * redone, and any record that is not a sample record is left out (and redone) rather than trusted.
 */
export class EvaluationStore {
  readonly rootDir: string;

  constructor(options: { dataDir: string }) {
    this.rootDir = path.join(options.dataDir, "evaluations");
  }

  dir(id: string): string {
    if (!idPattern.test(id)) throw new InvalidInputError(`Evaluation id "${id}" must be letters, digits, ".", "_" or "-" (at most 128).`, { field: "id" });
    return path.join(this.rootDir, id);
  }

  samplesFile(id: string): string {
    return path.join(this.dir(id), "samples.jsonl");
  }

  async exists(id: string): Promise<boolean> {
    return stat(path.join(this.dir(id), "config.json")).then(() => true, () => false);
  }

  async readConfig(id: string): Promise<EvaluationConfig> {
    const file = path.join(this.dir(id), "config.json");
    return this.readJson<EvaluationConfig>(file, id, evaluationSchemas.config);
  }

  async writeConfig(config: EvaluationConfig): Promise<void> {
    await mkdir(this.dir(config.id), { recursive: true });
    await this.writeAtomic(path.join(this.dir(config.id), "config.json"), withSchema(config, evaluationSchemas.config));
  }

  async readSummary(id: string): Promise<EvaluationResult | null> {
    const file = path.join(this.dir(id), "summary.json");
    if (!(await stat(file).then(() => true, () => false))) {
      if (!(await this.exists(id))) throw new UnknownEvaluationError(id, this.rootDir);
      return null;
    }
    return this.readJson<EvaluationResult>(file, id, evaluationSchemas.summary);
  }

  async writeSummary(summary: EvaluationResult): Promise<void> {
    await this.writeAtomic(path.join(this.dir(summary.evaluationId), "summary.json"), withSchema(summary, evaluationSchemas.summary));
  }

  /**
   * Every stored sample record, in file order, the first record of each key winning. With `repair`, a torn
   * last line (no final newline) is cut from the file first, so the next append starts on a fresh line.
   */
  async readSamples(id: string, options: { repair?: boolean } = {}): Promise<EvaluationSampleRecord[]> {
    const file = this.samplesFile(id);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    if (text.length > 0 && !text.endsWith("\n")) {
      const keep = text.lastIndexOf("\n") + 1;
      if (options.repair) await truncate(file, Buffer.byteLength(text.slice(0, keep)));
      text = text.slice(0, keep);
    }
    const records: EvaluationSampleRecord[] = [];
    const seen = new Set<string>();
    for (const [index, line] of text.split("\n").entries()) {
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = readVersioned(JSON.parse(line), { schema: evaluationSchemas.sample, file, line: index + 1 });
      } catch (error) {
        // A record from a newer tracetune is refused with its line; a line that is not JSON is redone.
        if (error instanceof TracetuneError) throw error;
        continue;
      }
      if (!isSampleRecord(value)) continue;
      const key = sampleKey(value);
      if (seen.has(key)) continue;
      seen.add(key);
      records.push(value);
    }
    return records;
  }

  /** Appends records as whole lines in one write (a crash tears at most the last one). */
  async appendSamples(id: string, records: EvaluationSampleRecord[]): Promise<void> {
    if (records.length === 0) return;
    await mkdir(this.dir(id), { recursive: true });
    await appendFile(this.samplesFile(id), records.map((record) => JSON.stringify(withSchema(record, evaluationSchemas.sample)) + "\n").join(""));
  }

  async list(): Promise<string[]> {
    const entries = await readdir(this.rootDir, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isDirectory() && idPattern.test(entry.name)).map((entry) => entry.name);
  }

  async sizeBytes(id: string): Promise<number> {
    const dir = this.dir(id);
    const files = await readdir(dir).catch(() => [] as string[]);
    const sizes = await Promise.all(files.map((file) => stat(path.join(dir, file)).then((s) => s.size, () => 0)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  async delete(id: string): Promise<boolean> {
    if (!(await stat(this.dir(id)).then(() => true, () => false))) return false;
    await rm(this.dir(id), { recursive: true, force: true });
    return true;
  }

  private async readJson<T>(file: string, id: string, schema: StoreSchema): Promise<T> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UnknownEvaluationError(id, this.rootDir);
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CorruptEvaluationError(file, `not valid JSON (${(error as Error).message})`);
    }
    return readVersioned<T>(value, { schema, file });
  }

  private async writeAtomic(file: string, value: unknown): Promise<void> {
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, JSON.stringify(value, null, 2) + "\n");
    const handle = await open(partial, "r");
    await handle.sync().finally(() => handle.close());
    await rename(partial, file);
  }
}

function isSampleRecord(value: unknown): value is EvaluationSampleRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.condition === "string" && typeof record.taskId === "string" && Number.isInteger(record.sampleIndex) && typeof record.verdict === "string";
}
