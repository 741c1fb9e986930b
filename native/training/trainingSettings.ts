import path from "node:path";
import type { TrainingSettings } from "../api/trainingApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { defaultLoraSettings, loraModuleNames } from "./common/buildLoraTrainerArgs.js";

/** Our defaults (docs/training.md): two epochs at 1e-4 (AdamW), a Q8_0 copy for sampling, the whole chat as llama-finetune's corpus, rank 16 / alpha 32 on the attention projections. */
export const defaultTrainingSettings: TrainingSettings = { loraTrainerPath: null, epochs: 2, learningRate: 1e-4, quantize: "Q8_0", corpus: "chat", lora: { ...defaultLoraSettings } };

const fail = (field: string, reason: string): never => {
  throw new InvalidInputError(`Training setting "${field}" ${reason}.`, { field });
};

/** The settings with `patch` applied, checked field by field; throws `invalid_input` naming the field. */
export function applyTrainingSettings(current: TrainingSettings, patch: unknown): TrainingSettings {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) fail("patch", "must be an object");
  const data = patch as Record<string, unknown>;
  for (const key of Object.keys(data)) if (!(key in defaultTrainingSettings)) fail(key, "is not a training setting");
  const lora = data.lora === undefined ? {} : data.lora;
  if (!lora || typeof lora !== "object" || Array.isArray(lora)) fail("lora", "must be an object");
  for (const key of Object.keys(lora as object)) if (!(key in defaultLoraSettings)) fail(`lora.${key}`, "is not a LoRA setting");
  const next = { ...current, ...data, lora: { ...current.lora, ...(lora as object) } } as TrainingSettings;
  if (next.loraTrainerPath !== null && (typeof next.loraTrainerPath !== "string" || !path.isAbsolute(next.loraTrainerPath))) fail("loraTrainerPath", `must be an absolute path or null, got ${JSON.stringify(next.loraTrainerPath)}`);
  if (!Number.isInteger(next.epochs) || next.epochs < 1 || next.epochs > 1000) fail("epochs", `must be an integer from 1 to 1000, got ${JSON.stringify(next.epochs)}`);
  if (typeof next.learningRate !== "number" || !(next.learningRate > 0 && next.learningRate <= 1)) fail("learningRate", `must be a number above 0 and at most 1, got ${JSON.stringify(next.learningRate)}`);
  if (!["Q8_0", "Q4_0", "none"].includes(next.quantize)) fail("quantize", `must be Q8_0, Q4_0 or none, got ${JSON.stringify(next.quantize)}`);
  if (!["chat", "completions"].includes(next.corpus)) fail("corpus", `must be chat or completions, got ${JSON.stringify(next.corpus)}`);
  if (!Number.isInteger(next.lora.rank) || next.lora.rank < 1 || next.lora.rank > 512) fail("lora.rank", `must be an integer from 1 to 512, got ${JSON.stringify(next.lora.rank)}`);
  if (typeof next.lora.alpha !== "number" || !(next.lora.alpha >= 0.1 && next.lora.alpha <= 1000)) fail("lora.alpha", `must be a number from 0.1 to 1000, got ${JSON.stringify(next.lora.alpha)}`);
  if (!Array.isArray(next.lora.modules) || next.lora.modules.length === 0 || next.lora.modules.some((name) => !(loraModuleNames as readonly string[]).includes(name))) fail("lora.modules", `must be a non-empty list of ${loraModuleNames.join(", ")}, got ${JSON.stringify(next.lora.modules)}`);
  return next;
}
