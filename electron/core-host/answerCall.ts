import type { TracetuneApi } from "../../native/api/contract";
import { dispatchCall } from "../../native/api/dispatchCall";
import { toWireError, type WireError } from "../../native/common/TracetuneError";

export type CallReply = { ok: true; result: unknown } | { ok: false; error: WireError };

/** Answers one relayed API call with the same envelope the web host uses; never throws. */
export async function answerCall(api: TracetuneApi, method: unknown, args: unknown): Promise<CallReply> {
  try {
    const result = await dispatchCall(api, method, args);
    return { ok: true, result: result ?? null };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
