import path from "node:path";
import type { SettingsApi, SettingsPatch, UserSettings } from "../api/settingsApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { defaultExecLimits, defaultTraceCaps } from "../python/common/execTypes.js";
import { parseAllowedHost } from "../engines/node/checkEngineHost.js";
import { defaultInputLimits, inputLimitBounds } from "../storage/inputLimits.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import { storeSchemas } from "../storage/schemaVersion.js";
import { DnsGuard } from "../offline/DnsGuard.js";
import { runEgressSelfTest } from "../offline/runEgressSelfTest.js";
import { readSandboxNetwork } from "./readSandboxNetwork.js";
import { readVersions } from "./readVersions.js";

export const defaultSettings: UserSettings = {
  theme: "system",
  python: { poolSize: "auto", limits: { ...defaultExecLimits }, caps: { ...defaultTraceCaps } },
  engines: { llamaCppDir: null, allowedHosts: [], retryMinutes: 5 },
  input: { ...defaultInputLimits },
  jobs: { keepAwake: true, notifyOnFinish: true },
};

/** Inclusive bounds of each numeric Python setting: wide enough for real use, narrow enough to stay safe. */
const limitBounds: Record<keyof UserSettings["python"]["limits"], [number, number]> = {
  timeoutMs: [100, 600_000], memoryMb: [32, 2048], maxOutputBytes: [1024, 64 << 20], recursionLimit: [50, 100_000], interruptGraceMs: [50, 60_000],
};
const capBounds: Record<keyof UserSettings["python"]["caps"], [number, number]> = {
  maxSteps: [10, 10_000_000], maxReprLength: [8, 100_000], maxStatesPerLine: [1, 1_000_000], maxTraceBytes: [4096, 256 << 20],
};

/** The first thing wrong with a (partial) settings object, naming the field; null when it is fine. */
function findInvalidSetting(data: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(data)) {
    if (key === "theme") {
      if (value !== "system" && value !== "light" && value !== "dark") return `setting "theme" has an invalid value ${JSON.stringify(value)}`;
    } else if (key === "python") {
      const reason = findInvalidPythonSetting(value);
      if (reason) return reason;
    } else if (key === "engines") {
      const reason = findInvalidEngineSetting(value);
      if (reason) return reason;
    } else if (key === "jobs") {
      if (!value || typeof value !== "object" || Array.isArray(value)) return 'setting "jobs" must be an object';
      for (const [field, flag] of Object.entries(value)) {
        if (field !== "keepAwake" && field !== "notifyOnFinish") return `unknown setting "jobs.${field}"`;
        if (typeof flag !== "boolean") return `setting "jobs.${field}" must be true or false, got ${JSON.stringify(flag)}`;
      }
    } else if (key === "input") {
      const reason = findInvalidNumbers("input", value, inputLimitBounds);
      if (reason) return reason;
    } else {
      return `unknown setting "${key}"`;
    }
  }
  return null;
}

function findInvalidPythonSetting(value: unknown): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return 'setting "python" must be an object';
  for (const [key, inner] of Object.entries(value)) {
    if (key === "poolSize") {
      if (inner !== "auto" && !(Number.isInteger(inner) && (inner as number) >= 1 && (inner as number) <= 16)) return `setting "python.poolSize" must be "auto" or an integer 1-16, got ${JSON.stringify(inner)}`;
    } else if (key === "limits" || key === "caps") {
      const bounds: Record<string, [number, number]> = key === "limits" ? limitBounds : capBounds;
      if (!inner || typeof inner !== "object" || Array.isArray(inner)) return `setting "python.${key}" must be an object`;
      for (const [field, number] of Object.entries(inner)) {
        const range = bounds[field];
        if (!range) return `unknown setting "python.${key}.${field}"`;
        if (!Number.isInteger(number) || (number as number) < range[0] || (number as number) > range[1]) return `setting "python.${key}.${field}" must be an integer ${range[0]}-${range[1]}, got ${JSON.stringify(number)}`;
      }
    } else {
      return `unknown setting "python.${key}"`;
    }
  }
  return null;
}

function findInvalidNumbers(section: string, value: unknown, bounds: Record<string, [number, number]>): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `setting "${section}" must be an object`;
  for (const [field, number] of Object.entries(value)) {
    const range = bounds[field];
    if (!range) return `unknown setting "${section}.${field}"`;
    if (!Number.isInteger(number) || (number as number) < range[0] || (number as number) > range[1]) return `setting "${section}.${field}" must be an integer ${range[0]}-${range[1]}, got ${JSON.stringify(number)}`;
  }
  return null;
}

function findInvalidEngineSetting(value: unknown): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return 'setting "engines" must be an object';
  for (const [key, inner] of Object.entries(value)) {
    if (key === "llamaCppDir") {
      if (inner !== null && (typeof inner !== "string" || !path.isAbsolute(inner))) return `setting "engines.llamaCppDir" must be an absolute folder path or null, got ${JSON.stringify(inner)}`;
    } else if (key === "allowedHosts") {
      if (!Array.isArray(inner)) return 'setting "engines.allowedHosts" must be a list of hosts';
      const bad = inner.find((host) => typeof host !== "string" || parseAllowedHost(host) === null);
      if (bad !== undefined) return `setting "engines.allowedHosts" takes "host", "host:port" or "[v6]:port" entries, got ${JSON.stringify(bad)}`;
    } else if (key === "retryMinutes") {
      if (typeof inner !== "number" || !Number.isFinite(inner) || inner < 0 || inner > 24 * 60) return `setting "engines.retryMinutes" must be a number of minutes from 0 to 1440, got ${JSON.stringify(inner)}`;
    } else {
      return `unknown setting "engines.${key}"`;
    }
  }
  return null;
}

/** Applies a patch section by section, so `{python: {limits: {timeoutMs}}}` keeps every other limit. */
function applyPatch(settings: UserSettings, patch: SettingsPatch): UserSettings {
  return {
    theme: patch.theme ?? settings.theme,
    python: {
      poolSize: patch.python?.poolSize ?? settings.python.poolSize,
      limits: { ...settings.python.limits, ...patch.python?.limits },
      caps: { ...settings.python.caps, ...patch.python?.caps },
    },
    engines: { ...settings.engines, ...patch.engines },
    input: { ...settings.input, ...patch.input },
    jobs: { ...settings.jobs, ...patch.jobs },
  };
}

/** The settings feature; `current()` (not part of the API) lets other parts of the core read settings live. */
export async function createSettingsService(context: CoreContext): Promise<SettingsApi & { current(): UserSettings }> {
  const store = await openJsonStore<UserSettings>({
    file: path.join(context.dataDir, "settings.json"),
    schema: storeSchemas.settings,
    defaults: defaultSettings,
    validate: (data) => findInvalidSetting(data as Record<string, unknown>),
  });
  // A file written before a section existed gets that section's defaults, field by field.
  store.data = applyPatch(defaultSettings, store.data as SettingsPatch);
  const versions = readVersions();

  return {
    current: () => structuredClone(store.data),
    async getSettings() {
      return {
        dataDir: context.dataDir,
        dataDirSource: context.dataDirSource,
        host: context.host,
        versions,
        offline: { ...context.egress.report(), sandbox: await readSandboxNetwork(context.python) },
        settings: structuredClone(store.data),
      };
    },
    async updateSettings(args) {
      const patch = args?.patch;
      if (!patch || typeof patch !== "object") throw new InvalidInputError('Field "patch" must be an object of settings.', { field: "patch" });
      const reason = findInvalidSetting(patch as Record<string, unknown>);
      // `details.field` is the setting's dotted path, so a form can show the reason beside that input.
      if (reason) throw new InvalidInputError(`Cannot update settings: ${reason}.`, { field: /setting "([^"]+)"/.exec(reason)?.[1] ?? "patch", reason });
      await store.update((data) => Object.assign(data, applyPatch(data, patch)));
      return structuredClone(store.data);
    },
    async getEgressReport() {
      return { ...context.egress.report(), sandbox: await readSandboxNetwork(context.python) };
    },
    async runEgressSelfTest() {
      return runEgressSelfTest({ egress: context.egress, dnsGuard: DnsGuard.current() });
    },
  };
}
