import { TracetuneError } from "../common/TracetuneError.js";

/** The trainer binary is missing, or the export lacks a file the trainer reads. */
export class TrainingInputError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("training_input_invalid", message, details);
  }
}

/** The estimate says training would not fit in this machine's memory; nothing was started. */
export class TrainingTooLargeError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("training_too_large", message, details);
  }
}

/** The trainer process exited with an error or wrote no usable output; `details.logTail` holds its last lines. */
export class TrainingFailedError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("training_failed", message, details);
  }
}

/** A GGUF file could not be patched: the key is missing, has another type, or the header is malformed. */
export class GgufPatchError extends TracetuneError {
  constructor(file: string, message: string, details: Record<string, unknown> = {}) {
    super("gguf_patch_failed", `Cannot patch ${file}: ${message}`, { file, ...details });
  }
}
