/** A form field's text → number, or an error naming the rule; empty text is no value and no error (the default applies). */
export function numberField(text: string, rule: { integer?: boolean; min: number; max: number }): { value: number | null; error: string | null } {
  if (text.trim() === "") return { value: null, error: null };
  const value = Number(text);
  const ok = Number.isFinite(value) && (!rule.integer || Number.isInteger(value)) && value >= rule.min && value <= rule.max;
  return ok ? { value, error: null } : { value: null, error: `${rule.integer ? "a whole number" : "a number"} from ${rule.min} to ${rule.max}` };
}

/** "1, 5,10" → [1, 5, 10] (ascending, no repeats), or an error naming the rule. */
export function numberListField(text: string, rule: { min: number; max: number }): { value: number[] | null; error: string | null } {
  if (text.trim() === "") return { value: null, error: null };
  const parts = text.split(",").map((part) => part.trim());
  const values = parts.map(Number);
  if (parts.some((part) => part === "") || values.some((value) => !Number.isInteger(value) || value < rule.min || value > rule.max)) {
    return { value: null, error: `whole numbers from ${rule.min} to ${rule.max}, separated by commas` };
  }
  return { value: [...new Set(values)].sort((a, b) => a - b), error: null };
}
