import type { RoundSampleRecord } from "../api/roundTypes.js";
import { RunStore } from "./node/RunStore.js";

/**
 * A run's sample records (export and training read the kept ones as a round's training set): one round, or
 * every round in order; each round's records in file order. A torn last line (a round killed while writing)
 * is left out, not repaired: the running round redoes it. Throws `unknown_run`, and `corrupt_store` naming
 * file and line for a line that is not a record.
 */
export async function readRoundSamples(options: {
  dataDir: string;
  run: string;
  /** Default: every round of the run. */
  round?: number;
  /** Default: false (every sample, kept or not). */
  keptOnly?: boolean;
}): Promise<RoundSampleRecord[]> {
  const { dataDir, run, round, keptOnly = false } = options;
  const store = new RunStore({ dataDir });
  const stored = await store.readRun(run);
  const rounds = round === undefined ? stored.rounds.map((entry) => entry.round) : [round];
  const records: RoundSampleRecord[] = [];
  for (const n of rounds) records.push(...(await store.readSamples(run, n)).filter((record) => !keptOnly || record.kept));
  return records;
}
