import type { ExportOptions } from "../../../../native/api/index";

/** The Export page's option fields as typed (strings for numbers, so a half-typed value is kept as is). */
export interface ExportForm {
  /** Chosen rounds; empty = every round of the run. */
  rounds: number[];
  includeTrace: boolean;
  systemPrompt: string;
  maxTokens: string;
  overLength: "exclude" | "keep";
  validRatio: string;
  model: string;
}

export const defaultExportForm: ExportForm = { rounds: [], includeTrace: true, systemPrompt: "", maxTokens: "", overLength: "exclude", validRatio: "0.1", model: "" };

/** Field → message for values that cannot be sent at all; the core checks the rest and names the field. */
export type FieldErrors = Partial<Record<keyof ExportForm | "out", string>>;

/** The export options for `form`, or the fields that are not numbers yet. Blank fields take the core's defaults. */
export function toExportOptions(run: string, form: ExportForm): { options: Omit<ExportOptions, "out">; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const maxTokens = form.maxTokens.trim() === "" ? null : Number(form.maxTokens);
  if (maxTokens !== null && !(Number.isInteger(maxTokens) && maxTokens > 0)) errors.maxTokens = "A whole number of tokens above 0, or blank for the model's context length.";
  const validRatio = form.validRatio.trim() === "" ? undefined : Number(form.validRatio);
  if (validRatio !== undefined && !(validRatio >= 0 && validRatio < 1)) errors.validRatio = "A share from 0 up to (not including) 1, e.g. 0.1.";
  return {
    options: {
      run,
      ...(form.rounds.length > 0 ? { rounds: [...form.rounds].sort((a, b) => a - b) } : {}),
      includeTrace: form.includeTrace,
      systemPrompt: form.systemPrompt.trim() === "" ? null : form.systemPrompt,
      maxTokens: errors.maxTokens ? null : maxTokens,
      overLength: form.overLength,
      ...(validRatio !== undefined && !errors.validRatio ? { validRatio } : {}),
      model: form.model.trim() === "" ? null : form.model.trim(),
    },
    errors,
  };
}

/** Maps an API refusal's `details.field` to the form field it belongs to (so the message shows beside it). */
export function formFieldOf(field: unknown): keyof ExportForm | "out" | null {
  if (field === "rounds" || field === "maxTokens" || field === "validRatio" || field === "overLength" || field === "systemPrompt" || field === "model" || field === "out") return field;
  if (field === "includeTrace") return "includeTrace";
  return null;
}

export const formatBytes = (bytes: number) => (bytes < 1 << 20 ? `${Math.ceil(bytes / 1024)} KiB` : bytes < 1 << 30 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / (1 << 30)).toFixed(1)} GiB`);
export const formatSeconds = (seconds: number) => (seconds < 1 ? "under 1 s" : seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);
