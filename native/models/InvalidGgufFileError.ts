import { TracetuneError } from "../common/TracetuneError.js";

/** A `.gguf` file that cannot be used: not GGUF, truncated, or its header is malformed. */
export class InvalidGgufFileError extends TracetuneError {
  constructor(file: string, reason: string) {
    super("invalid_gguf", `${file} is not a usable GGUF model file: ${reason}.`, { file, reason });
  }
}
