import { readFileSync } from "node:fs";
import { decodeUtf8 } from "../../../common/decodeUtf8.js";
import { InvalidInputError } from "../../../common/TracetuneError.js";

/** Reads a Python source file given on the command line; a missing, unreadable or non-UTF-8 file is `invalid_input` naming it. */
export function readSourceFile({ path, option }: {
  path: string;
  /** The option that named the file, e.g. "--program", for the error message. */
  option: string;
}): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new InvalidInputError(`Cannot read ${option} file ${path}: ${reason}.`, { file: path, option });
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw new InvalidInputError(`The ${option} file ${path} is not valid UTF-8.`, { file: path, option });
  return text;
}
