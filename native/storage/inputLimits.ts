import type { InputLimits } from "../api/settingsApi.js";
import { TracetuneError } from "../common/TracetuneError.js";

export type { InputLimits };

/** Default limits (the type and what each means: `InputLimits` in native/api/settingsApi.ts). */
export const defaultInputLimits: InputLimits = { maxLineBytes: 16 << 20, maxProgramBytes: 1 << 20, maxFileBytes: 256 << 20 };

/** Inclusive bounds of each limit in Settings: at least what the datasets need, at most what stays safe in memory. */
export const inputLimitBounds: Record<keyof InputLimits, [number, number]> = {
  maxLineBytes: [1 << 20, 1 << 30],
  maxProgramBytes: [64 << 10, 256 << 20],
  maxFileBytes: [1 << 20, 4 * 2 ** 30],
};

/** "16 MiB", "1.5 KiB", "512 bytes". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The reason text for an input over a limit, e.g. "line is over the limit of 16 MiB (setting input.maxLineBytes)". */
export function describeOverLimit(what: string, limit: keyof InputLimits, value: number, size?: number): string {
  const measured = size === undefined ? "over" : `${formatBytes(size)}, over`;
  return `${what} is ${measured} the limit of ${formatBytes(value)} (setting input.${limit})`;
}

/** An input over one of the `InputLimits`; names the file, the line where there is one, and the limit. */
export class InputTooLargeError extends TracetuneError {
  constructor(options: { file: string; line?: number | null; what: string; limit: keyof InputLimits; value: number; size?: number }) {
    const { file, line = null, what, limit, value, size } = options;
    super("input_too_large", `${file}${line === null ? "" : `:${line}`}: ${describeOverLimit(what, limit, value, size)}.`, { file, line, limit: `input.${limit}`, limitBytes: value, ...(size === undefined ? {} : { size }) });
  }
}

/**
 * Refuses an API argument holding a program over `maxProgramBytes` (exec, run, trace from any front door: the web
 * host caps a whole body at 16 MiB, the app's IPC has no cap of its own). `input_too_large` names the field.
 */
export function checkProgramField(value: unknown, field: string, limits: InputLimits): void {
  if (typeof value !== "string" || value.length <= limits.maxProgramBytes / 4) return; // cheap: a UTF-8 char is at most 4 bytes
  const size = Buffer.byteLength(value);
  if (size <= limits.maxProgramBytes) return;
  throw new TracetuneError("input_too_large", `Field "${field}" ${describeOverLimit("", "maxProgramBytes", limits.maxProgramBytes, size).trimStart()}.`, { field, limit: "input.maxProgramBytes", limitBytes: limits.maxProgramBytes, size });
}
