/**
 * The CLI's exit codes (documented in docs/cli.md). Stable: scripts and acceptance checks rely on them.
 */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The command ran, and what it checked came out negative (e.g. `exec`: the verdict is not "pass"). */
  negative: 1,
  /** Usage error: unknown command or option, missing argument. */
  usage: 2,
  /** Bad input: a missing or unreadable file, a malformed field, a corrupt store. */
  invalidInput: 3,
  /** A bug or an unexpected failure inside tracetune. */
  internal: 4,
  /** Cancelled by the user (Ctrl-C). */
  cancelled: 130,
} as const;

export function exitCodeForError(code: string): number {
  if (code === "usage") return ExitCode.usage;
  if (code === "internal") return ExitCode.internal;
  if (code === "cancelled") return ExitCode.cancelled;
  return ExitCode.invalidInput;
}
