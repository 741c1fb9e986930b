import type { JobState } from "../api/jobsApi.js";
import type { PowerApi } from "../api/powerApi.js";
import type { CoreContext } from "../core/CoreContext.js";
import { KeepAwake } from "./common/KeepAwake.js";
import type { PowerBlocker } from "./common/PowerBlocker.js";
import { selectInhibitCommand } from "./common/selectInhibitCommand.js";
import { createProcessBlocker } from "./node/createProcessBlocker.js";
import { isOnPath } from "./node/findOnPath.js";

/**
 * Keeps the machine awake while long work runs (docs/rounds.md, "Sharing the machine"). The host may bring its
 * own blocker (Electron: powerSaveBlocker in the main process); otherwise the platform's inhibitor command
 * (`selectInhibitCommand`) runs as a child process, or the state says it cannot keep the computer awake here.
 */
export function createPowerService(context: CoreContext, options: {
  /** The host's blocker; undefined: the platform's inhibitor command, where one exists. */
  blocker?: PowerBlocker;
  /** Setting `jobs.keepAwake`, read live. */
  isEnabled: () => boolean;
  /** Calls `listener` with every job change. */
  onJob: (listener: (job: JobState) => void) => void;
}): PowerApi {
  const blocker = options.blocker ?? platformBlocker();
  const keepAwake = new KeepAwake({
    blocker,
    noBlockerReason: `no sleep inhibitor on this platform (${process.platform}: ${expectedInhibitor(process.platform)})`,
    isEnabled: options.isEnabled,
    onChange: (state) => context.emit("power", state),
  });
  options.onJob((job) => keepAwake.onJob(job));
  context.onDispose(() => keepAwake.dispose());
  return {
    async getKeepAwake() {
      // A settings change takes effect here and at the next job change.
      await keepAwake.probe();
      await keepAwake.update();
      return keepAwake.state();
    },
  };
}

function platformBlocker(): PowerBlocker | null {
  const probe = selectInhibitCommand({ platform: process.platform, pid: process.pid, reason: "", hasCommand: (name) => isOnPath(name) });
  if (!probe) return null;
  return createProcessBlocker(probe.method, (reason) => selectInhibitCommand({ platform: process.platform, pid: process.pid, reason, hasCommand: () => true })!);
}

function expectedInhibitor(platform: string): string {
  if (platform === "linux") return "systemd-inhibit not found";
  if (platform === "darwin") return "caffeinate not found";
  if (platform === "win32") return "PowerShell not found";
  return "none known";
}
