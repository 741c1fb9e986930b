/**
 * Keeping the machine awake while long work runs (docs/rounds.md, "Sharing the machine"): while a run of rounds,
 * an evaluation or a training job runs, idle sleep is blocked where the host can block it, and released when
 * none runs. Setting `jobs.keepAwake` (default on) turns it off.
 */
export interface KeepAwakeState {
  /** The setting `jobs.keepAwake`. */
  isEnabled: boolean;
  /** Whether this host can block idle sleep at all. */
  isAvailable: boolean;
  /** How it blocks it, e.g. "systemd-inhibit", "caffeinate", "powerSaveBlocker"; null when it cannot. */
  method: string | null;
  /** Why it cannot (no inhibitor on this platform, the inhibitor refused); null when it can. */
  unavailableReason: string | null;
  /** Whether sleep is blocked right now. */
  isActive: boolean;
  /** The running jobs it is kept awake for (ids and titles). */
  jobs: Array<{ id: string; kind: string; title: string }>;
}

export interface PowerApi {
  /** Whether the machine is kept awake now, and why (not). Changes arrive as `power` events. */
  getKeepAwake(args?: Record<string, never>): Promise<KeepAwakeState>;
}

export const powerMethods = {
  getKeepAwake: true,
} as const satisfies Record<keyof PowerApi, true>;
