import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { RoundSampleRecord } from "../../api/roundTypes.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import { RoundRecordsError } from "../exportErrors.js";

/** `<dataDir>/rounds/<run>`: the layout rounds documents in native/api/roundTypes.ts. */
export function runDir(dataDir: string, run: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(run) || run === "." || run === "..") throw new InvalidInputError(`Run name "${run}" is not a valid run name (letters, digits, ".", "_", "-").`, { field: "run" });
  return path.join(dataDir, "rounds", run);
}

/** The rounds of a run that have a samples file, ascending. Throws `invalid_input` when the run does not exist. */
export async function listRunRounds(dataDir: string, run: string): Promise<number[]> {
  const dir = runDir(dataDir, run);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
  if (!entries) throw new InvalidInputError(`There is no run "${run}" (no ${dir}).`, { field: "run", dir });
  return entries.filter((entry) => entry.isDirectory() && /^round-\d+$/.test(entry.name)).map((entry) => Number(entry.name.slice(6))).sort((a, b) => a - b);
}

/**
 * Every sample record of one round (kept or not). A torn last line (a crash mid-append, no final newline)
 * is skipped, as rounds resumes past it; any other line that is not a record is an error naming file and line.
 */
export async function readRoundRecords(options: { dataDir: string; run: string; round: number }): Promise<RoundSampleRecord[]> {
  const file = path.join(runDir(options.dataDir, options.run), `round-${options.round}`, "samples.jsonl");
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) throw new InvalidInputError(`Round ${options.round} of run "${options.run}" has no samples file (${file}).`, { field: "rounds", file });
  const lines = text.split("\n");
  const isTorn = !text.endsWith("\n") && lines[lines.length - 1] !== "";
  const records: RoundSampleRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let record: RoundSampleRecord;
    try {
      record = JSON.parse(line) as RoundSampleRecord;
    } catch {
      if (isTorn && index === lines.length - 1) return;
      throw new RoundRecordsError(file, index + 1, "not valid JSON");
    }
    for (const field of ["taskId", "sampleIndex", "kept", "prompt", "code", "receipt"] as const) {
      if (record?.[field] === undefined) throw new RoundRecordsError(file, index + 1, `field "${field}" is missing`);
    }
    if (!Array.isArray(record.prompt)) throw new RoundRecordsError(file, index + 1, 'field "prompt" is not a list of messages');
    records.push(record);
  });
  return records;
}
