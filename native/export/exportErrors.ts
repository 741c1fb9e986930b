import { TracetuneError } from "../common/TracetuneError.js";

/** No kept sample matched the run and rounds asked for. */
export class ExportNoRowsError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("export_no_rows", message, details);
  }
}
