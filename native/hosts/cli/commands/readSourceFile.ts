import { readFileSync, statSync } from "node:fs";
import { decodeUtf8 } from "../../../common/decodeUtf8.js";
import { InvalidInputError } from "../../../common/TracetuneError.js";
import { defaultInputLimits, InputTooLargeError, type InputLimits } from "../../../storage/inputLimits.js";

/** The limits in force for this command (Settings → input), set by runWithCore once the core is there. */
let limitsInForce: InputLimits = defaultInputLimits;

export function useInputLimits(limits: InputLimits): void {
  limitsInForce = limits;
}

/**
 * Reads a Python source file given on the command line; a missing, unreadable or non-UTF-8 file is `invalid_input`
 * naming it, and a file over `maxBytes` is `input_too_large` (checked before it is read).
 */
export function readSourceFile({ path, option, maxBytes = limitsInForce.maxProgramBytes }: {
  path: string;
  /** The option that named the file, e.g. "--program", for the error message. */
  option: string;
  /** Default: the setting `input.maxProgramBytes` (1 MiB unless changed). */
  maxBytes?: number;
}): string {
  let bytes: Buffer;
  try {
    const { size } = statSync(path);
    if (size > maxBytes) throw new InputTooLargeError({ file: path, what: `the ${option} file`, limit: "maxProgramBytes", value: maxBytes, size });
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new InvalidInputError(`Cannot read ${option} file ${path}: ${reason}.`, { file: path, option });
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw new InvalidInputError(`The ${option} file ${path} is not valid UTF-8.`, { file: path, option });
  return text;
}
