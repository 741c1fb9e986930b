import type { ApiEvents, ApiEventTopic } from "../api/events.js";
import type { InputLimits } from "../api/settingsApi.js";
import type { JobRunner } from "../jobs/JobRunner.js";
import type { EgressMonitor } from "../offline/EgressMonitor.js";
import type { SharedPythonRuntime } from "../python/SharedPythonRuntime.js";

/** What every feature service gets from the core: where data lives, how to push events, the job runner. */
export interface CoreContext {
  dataDir: string;
  dataDirSource: "flag" | "env" | "platform";
  host: "electron" | "web" | "cli";
  jobs: JobRunner;
  egress: EgressMonitor;
  /** The core's one Python sandbox pool, started on first use by whichever feature needs it. */
  python: SharedPythonRuntime;
  /** The input size limits in force (Settings → input), read live. */
  inputLimits(): InputLimits;
  emit<T extends ApiEventTopic>(topic: T, payload: ApiEvents[T]): void;
  /** Registers cleanup to run, in reverse order, when the core is disposed. */
  onDispose(cleanup: () => void | Promise<void>): void;
}
