import type { RepairTask, TaskSplit } from "../../api/taskTypes.js";

/** What a parser makes of one record; the importer adds the set, id, hash, time and (if unset) the split. */
export type TaskDraft = Omit<RepairTask, "id" | "setId" | "contentHash" | "importedAt" | "split"> & { split: TaskSplit | null };

/** Thrown by a parser for a record that does not fit; the importer turns it into an ImportProblem. */
export class RecordProblem extends Error {}

export function requireString(record: Record<string, unknown>, field: string, options: { allowEmpty?: boolean } = {}): string {
  const value = record[field];
  if (typeof value !== "string") throw new RecordProblem(`field "${field}" must be a string, got ${value === undefined ? "nothing" : typeof value}`);
  if (!options.allowEmpty && value.trim() === "") throw new RecordProblem(`field "${field}" is empty`);
  return value;
}

export function requireObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new RecordProblem("the record is not a JSON object");
  return value as Record<string, unknown>;
}

export function requireStringList(record: Record<string, unknown>, field: string): string[] {
  const value = record[field];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw new RecordProblem(`field "${field}" must be a list of strings`);
  return value as string[];
}
