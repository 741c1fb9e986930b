/**
 * The one base of every error the core throws on purpose. `code` is stable (tests, CLI exit codes and the
 * UI match on it); `message` says what went wrong and where (file, line, field); `details` is plain JSON.
 * Every transport sends it as {code, message, details} and rebuilds it on the other side.
 */
export class TracetuneError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The wire shape of an error, identical over IPC, HTTP and the CLI's --json output. */
export interface WireError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof TracetuneError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof Error && error.name === "AbortError") return { code: "cancelled", message: "The operation was cancelled.", details: {} };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "internal", message, details: {} };
}

export function fromWireError(wire: WireError): TracetuneError {
  return new TracetuneError(wire.code, wire.message, wire.details);
}

/** Bad input at a boundary: a missing file, a malformed field, a wrong argument. */
export class InvalidInputError extends TracetuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("invalid_input", message, details);
  }
}

export class CancelledError extends TracetuneError {
  constructor(message = "The operation was cancelled.") {
    super("cancelled", message);
  }
}
