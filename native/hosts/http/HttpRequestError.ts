import { TracetuneError } from "../../common/TracetuneError.js";

/**
 * A request the web host cannot read (a URL that does not parse or decode, a body that is not JSON or is over the limit): answered
 * with `status` and the usual `{ok: false, error: {code, message, details}}`, never as a 500.
 */
export class HttpRequestError extends TracetuneError {
  readonly status: 400 | 413;

  constructor(status: 400 | 413, code: "bad_url" | "body_too_large" | "invalid_input", message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.status = status;
  }
}
