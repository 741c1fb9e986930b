import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { RoundSampleRecord } from "../../api/roundTypes.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import { RunStore } from "../../rounds/node/RunStore.js";

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
 * Every sample record of one round (kept or not), read by rounds' own store (schema upgrades, a torn last
 * line skipped, any other bad line an error naming file and line). A round without a samples file is an error
 * naming it.
 */
export async function readRoundRecords(options: { dataDir: string; run: string; round: number }): Promise<RoundSampleRecord[]> {
  const file = path.join(runDir(options.dataDir, options.run), `round-${options.round}`, "samples.jsonl");
  if (!existsSync(file)) throw new InvalidInputError(`Round ${options.round} of run "${options.run}" has no samples file (${file}).`, { field: "rounds", file });
  return new RunStore({ dataDir: options.dataDir }).readSamples(options.run, options.round);
}
