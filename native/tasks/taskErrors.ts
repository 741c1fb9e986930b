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

/** A delete refused because runs or evaluations use the set or task; `force` overrides it. */
export class TaskSetInUseError extends TracetuneError {
  constructor(options: { setId: string; taskId: string | null; usedBy: Array<{ kind: string; id: string; title: string }> }) {
    const what = options.taskId === null ? `Task set "${options.setId}"` : `Task "${options.taskId}"`;
    const list = options.usedBy.map((use) => `${use.kind} ${use.id} (${use.title})`).join("; ");
    super("task_set_in_use", `${what} is used by ${options.usedBy.length} run(s) or evaluation(s): ${list}. Delete it anyway with force (CLI: --force); their receipts keep the task content hashes.`, { ...options });
  }
}
