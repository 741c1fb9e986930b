import { TracetuneError } from "../common/TracetuneError.js";

/** llama.cpp refused a file that reads as GGUF (unsupported architecture, out of memory, bad tensors). */
export class ModelLoadError extends TracetuneError {
  constructor(file: string, reason: string) {
    super("model_load_failed", `Could not load model ${file}: ${reason}.`, { file, reason });
  }
}
