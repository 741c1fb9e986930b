import { useEffect, useState } from "react";
import type { KeepAwakeState } from "../../../../native/api/index";
import { api } from "../../api/client";
import { Notice } from "../ui";

/** The core's keep-awake state, live (`power` events), or null until the first answer. */
export function useKeepAwake(): KeepAwakeState | null {
  const [state, setState] = useState<KeepAwakeState | null>(null);
  useEffect(() => {
    let isCurrent = true;
    const unsubscribe = api.subscribe((event) => {
      if (event.topic === "power") setState(event.payload as KeepAwakeState);
    });
    api.getKeepAwake().then((value) => isCurrent && setState(value), () => {});
    return () => {
      isCurrent = false;
      unsubscribe();
    };
  }, []);
  return state;
}

/**
 * Says whether the computer is kept awake while long work runs (docs/rounds.md, "Sharing the machine"): kept awake
 * (and how), cannot be kept awake here (and why), or not asked to (the setting is off). Shown while `isRunning`.
 */
export function KeepAwakeNotice({ isRunning, what }: { isRunning: boolean; what: string }) {
  const state = useKeepAwake();
  if (!isRunning || !state) return null;
  if (!state.isEnabled) return <Notice data-testid="keep-awake" data-state="off">This computer may sleep while the {what} runs: keeping it awake is off in Settings.</Notice>;
  if (state.isActive) return <Notice data-testid="keep-awake" data-state="active">Keeping this computer awake while the {what} runs ({state.method}).</Notice>;
  if (!state.isAvailable) return <Notice tone="warning" data-testid="keep-awake" data-state="unavailable">Cannot keep this computer awake here ({state.unavailableReason}): it may sleep and pause the {what}. Resume it afterwards.</Notice>;
  return null;
}

/** One line for the job tray while long work runs: kept awake, or cannot be here (the run's page says more). */
export function KeepAwakeTrayLine() {
  const state = useKeepAwake();
  if (!state || !state.isEnabled || state.jobs.length === 0) return null;
  if (state.isActive) return <p className="job-tray-empty" data-testid="tray-keep-awake">Keeping this computer awake</p>;
  if (!state.isAvailable) return <p className="job-tray-empty" data-testid="tray-keep-awake" title={state.unavailableReason ?? undefined}>Cannot keep this computer awake here</p>;
  return null;
}
