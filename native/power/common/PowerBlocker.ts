/**
 * One way to keep the machine from idle sleep, per host: a child process in the headless core (web host, CLI),
 * Electron's powerSaveBlocker in the app. `createKeepAwake` holds at most one block at a time.
 */
export interface PowerBlocker {
  /** What blocks sleep, e.g. "systemd-inhibit"; shown to the user. */
  readonly method: string;
  /** It can only tell whether it works here by trying (an inhibitor command that may refuse): `KeepAwake.probe` tries once. */
  readonly needsProbe?: boolean;
  /** Starts blocking idle sleep; rejects with `PowerBlockUnavailableError` when the host refuses. */
  acquire(reason: string): Promise<PowerBlock>;
}

export interface PowerBlock {
  /** Stops blocking; safe to call twice. */
  release(): Promise<void>;
  /** Called once if the block ends on its own (the inhibitor process died), with why. */
  onLost(listener: (reason: string) => void): void;
}

export class PowerBlockUnavailableError extends Error {
  constructor(readonly method: string, readonly reason: string) {
    super(`${method} cannot keep this computer awake: ${reason}`);
  }
}
