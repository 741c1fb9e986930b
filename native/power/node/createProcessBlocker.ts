import { spawn } from "node:child_process";
import type { InhibitCommand } from "../common/selectInhibitCommand.js";
import { PowerBlockUnavailableError, type PowerBlock, type PowerBlocker } from "../common/PowerBlocker.js";

/**
 * Most inhibitors fail at once when they cannot block (systemd-inhibit without a system bus exits within
 * milliseconds): one still running after this long is taken as holding the block.
 */
const SETTLE_MS = 400;

/**
 * Blocks sleep by running `command` (from `selectInhibitCommand`) for as long as the block is held: release
 * kills it. A command that exits within the settle time refused (its stderr says why); one that exits later
 * lost the block, which `onLost` reports.
 */
export function createProcessBlocker(method: string, commandFor: (reason: string) => Pick<InhibitCommand, "command" | "args">, options: { settleMs?: number } = {}): PowerBlocker {
  const settleMs = options.settleMs ?? SETTLE_MS;
  return {
    method,
    needsProbe: true,
    acquire: (reason) =>
      new Promise<PowerBlock>((resolve, reject) => {
        const command = { method, ...commandFor(reason) };
        // Its own process group (POSIX), so release ends the inhibitor and the command it runs together.
        const isGroup = process.platform !== "win32";
        const child = spawn(command.command, command.args, { stdio: ["ignore", "ignore", "pipe"], windowsHide: true, detached: isGroup });
        let stderr = "";
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => void (stderr = (stderr + chunk).slice(-2000)));
        let isSettled = false;
        let isReleased = false;
        const lostListeners: Array<(reason: string) => void> = [];
        const why = (code: number | null, signal: NodeJS.Signals | null) => stderr.trim() || (signal ? `${command.command} was killed (${signal})` : `${command.command} exited with code ${code}`);
        const exited = new Promise<void>((resolveExit) => child.once("close", () => resolveExit()));
        child.once("error", (error) => {
          if (!isSettled) {
            isSettled = true;
            reject(new PowerBlockUnavailableError(command.method, error.message));
          }
        });
        child.once("close", (code, signal) => {
          if (!isSettled) {
            isSettled = true;
            clearTimeout(timer);
            reject(new PowerBlockUnavailableError(command.method, why(code, signal)));
          } else if (!isReleased) {
            for (const listener of lostListeners) listener(why(code, signal));
          }
        });
        const timer = setTimeout(() => {
          if (isSettled) return;
          isSettled = true;
          // The inhibitor must not keep the core's event loop (a CLI command) alive.
          child.unref();
          (child.stderr as unknown as { unref?: () => void }).unref?.();
          resolve({
            async release() {
              if (isReleased) return;
              isReleased = true;
              if (child.exitCode === null && child.signalCode === null) {
                try {
                  if (isGroup && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
                  else child.kill();
                } catch {
                  child.kill();
                }
              }
              await exited;
            },
            onLost: (listener) => void lostListeners.push(listener),
          });
        }, settleMs);
      }),
  };
}
