import { TracetuneError } from "../common/TracetuneError.js";

/** No kept sample matched the run and rounds asked for. */
export class ExportNoRowsError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("export_no_rows", message, details);
  }
}

/** A round's samples.jsonl has a line that is not a sample record (named by file and line). */
export class RoundRecordsError extends TracetuneError {
  constructor(file: string, line: number, reason: string) {
    super("round_records_invalid", `${file}, line ${line}: ${reason}`, { file, line, reason });
  }
}
