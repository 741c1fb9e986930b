import { TracetuneError } from "../common/TracetuneError.js";

export class UnknownTaskError extends TracetuneError {
  constructor(id: string) {
    super("unknown_task", `No task with id "${id}".`, { id });
  }
}

export class UnknownTaskSetError extends TracetuneError {
  constructor(setId: string) {
    super("unknown_task_set", `No task set "${setId}".`, { setId });
  }
}

/** A record that does not fit its format; `line` is 1-based. The importer reports it and goes on. */
export class MalformedTaskError extends TracetuneError {
  constructor(readonly file: string, readonly line: number | null, readonly reason: string) {
    super("malformed_task", `${file}${line === null ? "" : `:${line}`}: ${reason}`, { file, line, reason });
  }
}

/** A task file that cannot be read at all (missing, not gzip, not JSON array). */
export class TaskFileError extends TracetuneError {
  constructor(file: string, reason: string) {
    super("invalid_input", `Cannot import ${file}: ${reason}`, { file, reason });
  }
}
