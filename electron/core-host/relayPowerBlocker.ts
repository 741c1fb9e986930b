import { PowerBlockUnavailableError, type PowerBlock, type PowerBlocker } from "../../native/power/common/PowerBlocker";

/** Core host → main: take or drop a sleep block (Electron's powerSaveBlocker lives in the main process only). */
export type PowerRequest = { op: "start"; token: number; reason: string } | { op: "stop"; token: number };
/** Main → core host: the answer to a `start`. */
export interface PowerReply {
  token: number;
  ok: boolean;
  error?: string;
}

/**
 * The core's PowerBlocker in the Electron app: asks the main process (through `post`) to start or stop a
 * powerSaveBlocker('prevent-app-suspension'); `onReply` gets the main process's answers.
 */
export function createRelayedPowerBlocker(post: (message: { power: PowerRequest }) => void): PowerBlocker & { onReply(reply: PowerReply): void } {
  let nextToken = 1;
  const pending = new Map<number, (reply: PowerReply) => void>();
  return {
    method: "powerSaveBlocker",
    acquire(reason) {
      const token = nextToken++;
      return new Promise<PowerBlock>((resolve, reject) => {
        pending.set(token, (reply) => {
          if (!reply.ok) return reject(new PowerBlockUnavailableError("powerSaveBlocker", reply.error ?? "refused"));
          let isReleased = false;
          resolve({
            async release() {
              if (isReleased) return;
              isReleased = true;
              post({ power: { op: "stop", token } });
            },
            // A powerSaveBlocker lasts until stopped or the app quits (then the core ends too).
            onLost: () => {},
          });
        });
        post({ power: { op: "start", token, reason } });
      });
    },
    onReply(reply) {
      pending.get(reply.token)?.(reply);
      pending.delete(reply.token);
    },
  };
}
