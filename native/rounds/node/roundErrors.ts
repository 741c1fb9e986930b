import { TracetuneError } from "../../common/TracetuneError.js";

export class UnknownRunError extends TracetuneError {
  constructor(name: string, dir: string) {
    super("unknown_run", `No run "${name}" in ${dir}.`, { name });
  }
}

/** A run file or samples line that cannot be read: names the file and line. */
export class CorruptRunError extends TracetuneError {
  constructor(file: string, line: number | null, reason: string) {
    super("corrupt_store", `${file}${line === null ? "" : `:${line}`}: ${reason}`, { file, line });
  }
}

export class RunBusyError extends TracetuneError {
  constructor(name: string, pid: number) {
    super("run_busy", `Run "${name}" is being run by another process (pid ${pid}); wait for it or stop it.`, { name, pid });
  }
}

export class SettingsMismatchError extends TracetuneError {
  constructor(name: string, setting: string, stored: unknown, requested: unknown) {
    super("settings_mismatch", `Run "${name}" exists with ${setting} = ${JSON.stringify(stored)}, not ${JSON.stringify(requested)}; use the same settings to resume it, or another name.`, { name, setting, stored, requested });
  }
}

export class TrainerRequiredError extends TracetuneError {
  constructor(name: string, rounds: number) {
    super("trainer_required", `Run "${name}": --rounds ${rounds} trains between rounds, and no trainer is configured; run one round at a time and set the next model with "round set-model".`, { name, rounds });
  }
}

export class NoTrainingTasksError extends TracetuneError {
  constructor(setIds: string[]) {
    super("no_tasks", `Task set(s) ${setIds.join(", ")} have no training task a round may use (split train, validated valid, not a duplicate of a dev/test task).`, { setIds });
  }
}
