import type { KeepAwakeState } from "../../../api/powerApi.js";
import type { Core } from "../../../core/createCore.js";

/**
 * One stderr line when the core starts keeping the computer awake for long work, or finds it cannot
 * (docs/rounds.md, "Keeping the computer awake"), so a user leaving a laptop on a round knows. Returns the unsubscribe.
 */
export function reportKeepAwake(core: Core, what: string): () => void {
  let said = "";
  return core.subscribe((event) => {
    if (event.topic !== "power") return;
    const line = describeKeepAwake(event.payload, what);
    if (line === null || line === said) return;
    said = line;
    process.stderr.write(`tracetune: ${line}\n`);
  });
}

export function describeKeepAwake(state: KeepAwakeState, what: string): string | null {
  if (!state.isEnabled || state.jobs.length === 0) return null;
  if (state.isActive) return `keeping this computer awake while the ${what} runs (${state.method})`;
  if (!state.isAvailable) return `cannot keep this computer awake here (${state.unavailableReason}); it may sleep and pause the ${what}`;
  return null;
}
