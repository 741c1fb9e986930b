import { TracetuneError } from "../common/TracetuneError.js";

/**
 * Schema versions of what tracetune writes to disk (docs/offline.md, "Stores and schema versions"). Every lowdb
 * document and every JSONL record carries `schemaVersion`; a reader migrates an older version step by step to the
 * current one, and refuses a newer one (written by a later tracetune) with `UnsupportedSchemaVersionError` rather
 * than guessing at it, so a week-long run survives an update and a downgrade never silently drops fields.
 */
export const schemaVersionKey = "schemaVersion";

/**
 * One kind of stored record or document. Version 1 is the format written before versions existed, so a record
 * without `schemaVersion` reads as version 1.
 */
export interface StoreSchema {
  /** What is stored, for messages: "task", "settings", "evaluation record". */
  name: string;
  /** The version this build writes. */
  version: number;
  /**
   * `migrations[n]` turns a version-n value into version n + 1 (plain JSON in, plain JSON out). Default: none
   * (only the current version and, as version 1, unversioned values are read).
   */
  migrations?: Record<number, (value: Record<string, unknown>) => Record<string, unknown>>;
}

/** A record whose version is newer than this build knows, or older with no migration to the current one. */
export class UnsupportedSchemaVersionError extends TracetuneError {
  constructor(options: { file: string; line?: number | null; schema: StoreSchema; found: unknown }) {
    const { file, line = null, schema, found } = options;
    const where = `${file}${line === null ? "" : `:${line}`}`;
    const reason = typeof found === "number" && Number.isInteger(found) && found > schema.version
      ? `was written by a newer tracetune (${schema.name} schema version ${found}; this version reads up to ${schema.version}). Update tracetune to read it; the file was left untouched`
      : `has ${schema.name} schema version ${JSON.stringify(found)}, which this version cannot read (it reads 1 to ${schema.version}); the file was left untouched`;
    super("unsupported_schema_version", `${where} ${reason}.`, { file, line, store: schema.name, found, supported: schema.version });
  }
}

/** The record as it is written: `schemaVersion` first, then its own fields (which must not hold one). */
export function withSchema<T extends object>(record: T, schema: StoreSchema): T & { schemaVersion: number } {
  return { [schemaVersionKey]: schema.version, ...record } as T & { schemaVersion: number };
}

/**
 * A record as read: its version checked, migrated to the current one, and `schemaVersion` taken off, so the rest
 * of the code sees today's shape only. A value that is not an object is returned as is (the caller's shape check
 * reports it). Throws `UnsupportedSchemaVersionError` naming file and line for a newer or unknown version.
 */
export function readVersioned<T = Record<string, unknown>>(record: unknown, options: { schema: StoreSchema; file: string; line?: number | null }): T {
  const { schema, file, line = null } = options;
  if (record === null || typeof record !== "object" || Array.isArray(record)) return record as T;
  const { [schemaVersionKey]: found = 1, ...fields } = record as Record<string, unknown>;
  if (typeof found !== "number" || !Number.isInteger(found) || found < 1 || found > schema.version) throw new UnsupportedSchemaVersionError({ file, line, schema, found });
  let value: Record<string, unknown> = fields;
  for (let version = found; version < schema.version; version += 1) {
    const migrate = schema.migrations?.[version];
    if (!migrate) throw new UnsupportedSchemaVersionError({ file, line, schema, found });
    value = migrate(value);
  }
  return value as T;
}

/** The schemas of the stores tracetune writes today; a new store adds its own here or beside its code. */
export const storeSchemas = {
  settings: { name: "settings", version: 1 },
  traceSettings: { name: "trace settings", version: 1 },
  modelCatalog: { name: "model catalog", version: 1 },
  taskIndex: { name: "task index", version: 1 },
  task: { name: "task", version: 1 },
  taskValidation: { name: "task validation", version: 1 },
  mbppRProgress: { name: "Mbpp-R progress", version: 1 },
} as const satisfies Record<string, StoreSchema>;
