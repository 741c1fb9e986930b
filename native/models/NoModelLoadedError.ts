import { TracetuneError } from "../common/TracetuneError.js";

/** A sample request arrived while no model is loaded. */
export class NoModelLoadedError extends TracetuneError {
  constructor() {
    super("no_model_loaded", "No model is loaded; load one first (loadModel / the Models page).");
  }
}
