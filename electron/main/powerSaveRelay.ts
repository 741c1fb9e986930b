import type { PowerReply, PowerRequest } from "../core-host/relayPowerBlocker";

/** The part of Electron's `powerSaveBlocker` the relay uses (the real one in the app, a recorder in tests). */
export interface PowerSaveBlockerLike {
  start(type: "prevent-app-suspension" | "prevent-display-sleep"): number;
  stop(id: number): void;
}

/**
 * The main process's half of keeping the machine awake: the core host asks (`PowerRequest`), this starts or
 * stops a powerSaveBlocker('prevent-app-suspension': the system may turn the screen off but not sleep). Blocks
 * the core host held are stopped when it exits (`stopAll`).
 */
export function createPowerSaveRelay(blocker: PowerSaveBlockerLike) {
  const held = new Map<number, number>();
  return {
    /** Handles one request; a `start` gets a reply to post back to the core host, a `stop` none. */
    handle(request: PowerRequest): PowerReply | null {
      if (request.op === "stop") {
        const id = held.get(request.token);
        if (id !== undefined) blocker.stop(id);
        held.delete(request.token);
        return null;
      }
      try {
        held.set(request.token, blocker.start("prevent-app-suspension"));
        return { token: request.token, ok: true };
      } catch (error) {
        return { token: request.token, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    stopAll(): void {
      for (const id of held.values()) blocker.stop(id);
      held.clear();
    },
    heldCount: () => held.size,
  };
}
