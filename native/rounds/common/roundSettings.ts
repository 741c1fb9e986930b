import type { RoundModel, RoundRunArgs, RoundSettings } from "../../api/roundsApi.js";
import { InvalidInputError } from "../../common/TracetuneError.js";

/** Every default of a run, in one place (docs/rounds.md lists them with the reasons). */
export const defaultRoundSettings: Omit<RoundSettings, "taskSetIds"> = {
  k: 32,
  hardN: 32,
  hardM: 0.1,
  temperature: 0.8,
  traceFormat: "next",
  keptPerTask: 3,
  nearDuplicateThreshold: 0.9,
  minCheckScore: null,
  maxTasks: null,
  evalN: 8,
  fewShot: 1,
  maxTokens: 512,
  seed: 1,
  grammar: null,
};

const runNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A run name is a folder name on every platform: letters, digits, `.`, `_`, `-`, at most 64, not starting with a dot. */
export function checkRunName(name: unknown): string {
  if (typeof name !== "string" || !runNamePattern.test(name)) {
    throw new InvalidInputError(`Run name ${JSON.stringify(name)} must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`, { field: "name" });
  }
  return name;
}

const integer = (field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidInputError(`Field "${field}" must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, got ${JSON.stringify(value)}.`, { field });
  }
  return value;
};

const fraction = (field: string, value: unknown, { min = 0, max = 1 } = {}): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(`Field "${field}" must be a number from ${min} to ${max}, got ${JSON.stringify(value)}.`, { field });
  }
  return value;
};

/** Validates a model argument once, at the boundary; paths are kept as given (the caller resolves them). */
export function checkRoundModel(model: unknown, field = "model"): RoundModel {
  const value = model as Partial<RoundModel> | null;
  if (value?.kind === "model") {
    if (typeof value.path !== "string" || value.path === "") throw new InvalidInputError(`Field "${field}.path" must be a GGUF model path.`, { field: `${field}.path` });
    const loraAdapters = value.loraAdapters ?? [];
    if (!Array.isArray(loraAdapters) || loraAdapters.some((file) => typeof file !== "string" || file === "")) throw new InvalidInputError(`Field "${field}.loraAdapters" must list adapter paths.`, { field: `${field}.loraAdapters` });
    return { kind: "model", path: value.path, loraAdapters };
  }
  if (value?.kind === "engine") {
    if (typeof value.engine?.url !== "string" || value.engine.url === "") throw new InvalidInputError(`Field "${field}.engine.url" must be an engine URL.`, { field: `${field}.engine.url` });
    return { kind: "engine", engine: { url: value.engine.url, ...(value.engine.model ? { model: value.engine.model } : {}) } };
  }
  throw new InvalidInputError(`Field "${field}" must be {kind: "model", path, loraAdapters} or {kind: "engine", engine: {url}}.`, { field });
}

/** Fills in the defaults and validates every field, naming the first bad one. */
export function resolveRoundSettings(args: Partial<RoundRunArgs>): RoundSettings {
  const merged = { ...defaultRoundSettings, ...Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)) } as RoundSettings & Partial<RoundRunArgs>;
  const taskSetIds = merged.taskSetIds;
  if (!Array.isArray(taskSetIds) || taskSetIds.length === 0 || taskSetIds.some((id) => typeof id !== "string" || id === "")) {
    throw new InvalidInputError('Field "taskSetIds" must list task set ids.', { field: "taskSetIds" });
  }
  if (!["next", "scratchpad", "none"].includes(merged.traceFormat)) throw new InvalidInputError('Field "traceFormat" must be "next", "scratchpad" or "none".', { field: "traceFormat" });
  if (merged.grammar !== null && typeof merged.grammar !== "string") throw new InvalidInputError('Field "grammar" must be a GBNF grammar.', { field: "grammar" });
  return {
    taskSetIds: [...taskSetIds].sort(),
    k: integer("k", merged.k, 1, 10_000),
    hardN: integer("hardN", merged.hardN, 1, 10_000),
    hardM: fraction("hardM", merged.hardM),
    temperature: fraction("temperature", merged.temperature, { max: 2 }),
    traceFormat: merged.traceFormat,
    keptPerTask: integer("keptPerTask", merged.keptPerTask, 1),
    nearDuplicateThreshold: fraction("nearDuplicateThreshold", merged.nearDuplicateThreshold),
    minCheckScore: merged.minCheckScore === null ? null : fraction("minCheckScore", merged.minCheckScore),
    maxTasks: merged.maxTasks === null ? null : integer("maxTasks", merged.maxTasks, 1),
    evalN: integer("evalN", merged.evalN, 0, 10_000),
    fewShot: integer("fewShot", merged.fewShot, 0, 3),
    maxTokens: integer("maxTokens", merged.maxTokens, 1, 1 << 20),
    seed: integer("seed", merged.seed, 0, 2 ** 31 - 1),
    grammar: merged.grammar,
  };
}

/** The first setting (in RoundSettings order) whose value differs between a stored run and a new request, or null. */
export function findSettingMismatch(stored: RoundSettings, requested: RoundSettings): { setting: keyof RoundSettings; stored: unknown; requested: unknown } | null {
  for (const setting of Object.keys(stored) as Array<keyof RoundSettings>) {
    if (JSON.stringify(stored[setting]) !== JSON.stringify(requested[setting])) return { setting, stored: stored[setting], requested: requested[setting] };
  }
  return null;
}

/** Whether two models are the same choice (paths compared as given, after the caller resolved them). */
export function isSameModel(a: RoundModel, b: RoundModel): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
