import path from "node:path";
import type { SettingsApi, UserSettings } from "../api/settingsApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import { readVersions } from "./readVersions.js";

const defaultSettings: UserSettings = { theme: "system" };

const settingValidators: { [K in keyof UserSettings]: (value: unknown) => boolean } = {
  theme: (value) => value === "system" || value === "light" || value === "dark",
};

function findInvalidSetting(data: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(data)) {
    const validate = settingValidators[key as keyof UserSettings];
    if (!validate) return `unknown setting "${key}"`;
    if (!validate(value)) return `setting "${key}" has an invalid value ${JSON.stringify(value)}`;
  }
  return null;
}

export async function createSettingsService(context: CoreContext): Promise<SettingsApi> {
  const store = await openJsonStore<UserSettings>({
    file: path.join(context.dataDir, "settings.json"),
    defaults: defaultSettings,
    validate: (data) => findInvalidSetting(data as Record<string, unknown>),
  });
  const versions = readVersions();

  return {
    async getSettings() {
      return {
        dataDir: context.dataDir,
        dataDirSource: context.dataDirSource,
        host: context.host,
        versions,
        offline: context.egress.report(),
        settings: { ...store.data },
      };
    },
    async updateSettings(args) {
      const patch = args?.patch;
      if (!patch || typeof patch !== "object") throw new InvalidInputError('Field "patch" must be an object of settings.', { field: "patch" });
      const reason = findInvalidSetting(patch as Record<string, unknown>);
      if (reason) throw new InvalidInputError(`Cannot update settings: ${reason}.`, { field: "patch" });
      await store.update((data) => Object.assign(data, patch));
      return { ...store.data };
    },
    async getEgressReport() {
      return context.egress.report();
    },
  };
}
