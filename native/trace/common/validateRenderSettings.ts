import { defaultRenderSettings } from "./defaultRenderSettings.js";
import { InvalidTraceRenderInputError } from "./TraceRenderError.js";
import type { TraceRenderSettings } from "./types.js";

const MINIMUM: Record<keyof TraceRenderSettings, number> = { firstStates: 0, lastStates: 0, reprCut: 8, budget: 1 };

/** Fills defaults and checks each field is a whole number in range; throws naming the field otherwise. */
export function validateRenderSettings(settings: Partial<TraceRenderSettings> = {}): TraceRenderSettings {
  const full: TraceRenderSettings = { ...defaultRenderSettings };
  for (const [field, value] of Object.entries(settings)) {
    if (!(field in MINIMUM)) throw new InvalidTraceRenderInputError(`Unknown trace render setting "${field}" (known: ${Object.keys(MINIMUM).join(", ")}).`, { field });
    if (value === undefined) continue;
    const minimum = MINIMUM[field as keyof TraceRenderSettings];
    if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > 1_000_000) {
      throw new InvalidTraceRenderInputError(`Trace render setting "${field}" must be a whole number from ${minimum} to 1000000, got ${JSON.stringify(value)}.`, { field, value });
    }
    full[field as keyof TraceRenderSettings] = value;
  }
  if (full.firstStates + full.lastStates < 1) {
    throw new InvalidTraceRenderInputError(`Trace render settings "firstStates" and "lastStates" cannot both be 0: a repeated line would show no state.`, { field: "firstStates" });
  }
  return full;
}
