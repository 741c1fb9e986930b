import { InvalidArgumentError } from "commander";

/**
 * Parsers for option values, given to commander as each option's argParser: a value that fails its option's
 * type or documented range is refused while the command line is parsed, before any work starts, as a usage
 * error (exit 2, docs/cli.md) naming the option and the value; bad file content stays exit 3.
 */
export const optionValue = {
  /** An integer from `min` (default: no lower bound) to `max` (default: none). */
  integer({ min, max }: { min?: number; max?: number } = {}) {
    const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` >= ${min}` : max !== undefined ? ` <= ${max}` : "";
    return (value: string): number => {
      const n = value.trim() === "" ? NaN : Number(value);
      if (!Number.isSafeInteger(n) || (min !== undefined && n < min) || (max !== undefined && n > max)) throw new InvalidArgumentError(`must be an integer${range}.`);
      return n;
    };
  },
  /** A finite number within the bounds; `above` is exclusive, `min` and `max` inclusive. */
  number({ min, above, max }: { min?: number; above?: number; max?: number } = {}) {
    const bounds = [above !== undefined ? `> ${above}` : "", min !== undefined ? `>= ${min}` : "", max !== undefined ? `<= ${max}` : ""].filter(Boolean).join(" and ");
    return (value: string): number => {
      const n = value.trim() === "" ? NaN : Number(value);
      if (!Number.isFinite(n) || (min !== undefined && n < min) || (above !== undefined && n <= above) || (max !== undefined && n > max)) throw new InvalidArgumentError(`must be a number${bounds ? ` ${bounds}` : ""}.`);
      return n;
    };
  },
};
