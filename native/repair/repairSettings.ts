import type { RepairSettings, RepairTraceFormat } from "../api/repairApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";

/**
 * Our defaults (docs/prompt.md gives the reasons): the NExT trace format, one exemplar (it fixes the output
 * format for small local models at about 250 tokens), k 4, the NExT paper's temperature 0.8, and 512 tokens
 * for the rationale and the fix.
 */
export const defaultRepairSettings: RepairSettings = { templateId: "next-repair-v1", traceFormat: "next", fewShot: 1, k: 4, temperature: 0.8, maxTokens: 512 };

export const repairTraceFormats: readonly RepairTraceFormat[] = ["next", "scratchpad", "none"];
export const MAX_FEW_SHOT = 3;

/** Checks a settings patch field by field; throws `invalid_input` naming the field. */
export function validateRepairSettings(value: unknown): RepairSettings {
  if (!value || typeof value !== "object") throw new InvalidInputError("Repair settings must be an object.", { field: "patch" });
  const data = value as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!(key in defaultRepairSettings)) throw new InvalidInputError(`Unknown repair setting "${key}".`, { field: key });
  }
  const settings = { ...defaultRepairSettings, ...data } as RepairSettings;
  const integer = (field: keyof RepairSettings, min: number, max = Infinity) => {
    const v = settings[field];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new InvalidInputError(`Repair setting "${field}" must be an integer from ${min}${max === Infinity ? "" : ` to ${max}`}, got ${JSON.stringify(v)}.`, { field });
  };
  if (typeof settings.templateId !== "string" || settings.templateId === "") throw new InvalidInputError('Repair setting "templateId" must be a template id.', { field: "templateId" });
  if (!repairTraceFormats.includes(settings.traceFormat)) throw new InvalidInputError(`Repair setting "traceFormat" must be one of ${repairTraceFormats.join(", ")}, got ${JSON.stringify(settings.traceFormat)}.`, { field: "traceFormat" });
  integer("fewShot", 0, MAX_FEW_SHOT);
  integer("k", 1, 1024);
  integer("maxTokens", 1);
  if (typeof settings.temperature !== "number" || !(settings.temperature >= 0)) throw new InvalidInputError(`Repair setting "temperature" must be a number >= 0, got ${JSON.stringify(settings.temperature)}.`, { field: "temperature" });
  return settings;
}
