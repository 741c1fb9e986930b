import type { ExecLimits, TraceCaps } from "../python/common/execTypes.js";
import type { EgressReport, EgressSelfTest } from "./offlineTypes.js";

/** The Python sandbox's settings: defaults for every run that does not set its own (docs/python-sandbox.md). */
export interface PythonSettings {
  /** Interpreters serving runs at once; "auto": the machine's parallelism, at most 2. Applies at the sandbox's next start. */
  poolSize: "auto" | number;
  /** Per-run limits (wall time, memory, output, recursion, interrupt grace). Default: `defaultExecLimits`. */
  limits: ExecLimits;
  /** Per-trace caps (steps, repr length, states per line, trace size). Default: `defaultTraceCaps`. */
  caps: TraceCaps;
}

/** Where llama.cpp's tools come from and which serving engines tracetune may reach (docs/engines.md). */
export interface EngineSettings {
  /**
   * The user's own llama.cpp build (a checkout, its build/ folder or its bin/ folder) to use instead of
   * tracetune's build from the bundled release. Its `llama-server --version` is checked against the bundled
   * tag; a mismatch is a warning. Default: null (tracetune's build in the cache dir).
   */
  llamaCppDir: string | null;
  /**
   * Non-loopback hosts an engine URL may name: "host" (any port), "host:port" or "[v6]:port". Loopback is
   * always allowed; `--engine` never adds to this list. Default: none.
   */
  allowedHosts: string[];
  /**
   * How long work on a serving engine that stopped answering waits for it (retrying with backoff, shown as
   * "waiting for engine") before it stops in a resumable state, in minutes. Default: 5.
   */
  retryMinutes: number;
}

/**
 * How big an input tracetune reads may be (docs/tasks.md, "Input size limits"). Each limit keeps one hostile or
 * broken file from costing hundreds of MB of memory; each default admits every record of the public datasets
 * (largest JSONL line 0.5 MB, largest program under 20 KB) and of the app's own stores with a wide margin.
 * An input over a limit is refused with `input_too_large` (or an import problem) naming file, line and limit.
 */
export interface InputLimits {
  /** Longest line of a JSONL file (imports and the app's own stores), in bytes. Default: 16 MiB. */
  maxLineBytes: number;
  /** Largest program source (a program file, a task's buggy program or reference), in bytes. Default: 1 MiB. */
  maxProgramBytes: number;
  /** Largest file read whole (a `.json` array, decompressed; a tests file), in bytes. Default: 256 MiB. */
  maxFileBytes: number;
}

/** Settings the user can change; stored in `settings.json` in the data dir. */
export interface UserSettings {
  /** Default: "system". */
  theme: "system" | "light" | "dark";
  python: PythonSettings;
  engines: EngineSettings;
  /**
   * How big an input may be: a JSONL line, a program, a file read whole (docs/tasks.md, "Input size limits").
   * Default: `defaultInputLimits` (16 MiB line, 1 MiB program, 256 MiB file).
   */
  input: InputLimits;
  /** Long work (runs of rounds, evaluations, training): keeping the machine awake and notifying when it ends (docs/rounds.md). */
  jobs: JobSettings;
}

/** What the app does while long work runs and when it ends (docs/rounds.md, "Sharing the machine"). */
export interface JobSettings {
  /** Block idle sleep while a run of rounds, an evaluation or a training job runs, where the platform allows. Default: true. */
  keepAwake: boolean;
  /** Show a system notification when such a job ends (done, failed, cancelled) while the window is hidden or unfocused. Default: true. */
  notifyOnFinish: boolean;
}

/** A change to the settings: any subset, nested sections included (`{python: {limits: {timeoutMs: 8000}}}`). */
export interface SettingsPatch {
  theme?: UserSettings["theme"];
  python?: { poolSize?: PythonSettings["poolSize"]; limits?: Partial<ExecLimits>; caps?: Partial<TraceCaps> };
  engines?: Partial<EngineSettings>;
  input?: Partial<InputLimits>;
  jobs?: Partial<JobSettings>;
}

export interface VersionInfo {
  tracetune: string;
  node: string;
  /** Null outside Electron (web host, CLI). */
  electron: string | null;
  nodeLlamaCpp: string | null;
  pyodide: string | null;
}

export interface SettingsView {
  dataDir: string;
  /** Where the data dir came from: the --data-dir flag, TRACETUNE_DATA_DIR, or the platform default. */
  dataDirSource: "flag" | "env" | "platform";
  /** Which front door the core is running behind. */
  host: "electron" | "web" | "cli";
  versions: VersionInfo;
  offline: EgressReport;
  settings: UserSettings;
}

export interface SettingsApi {
  /** Everything the Settings page shows: data dir, versions, offline status and the user settings. */
  getSettings(args?: Record<string, never>): Promise<SettingsView>;
  /**
   * Changes user settings; unknown fields or wrong values throw `invalid_input` naming the field, with
   * `details.field` (its dotted path, e.g. "python.limits.timeoutMs") and `details.reason` (why), so a form can
   * show the reason beside the input. Nothing is stored when any field is wrong.
   */
  updateSettings(args: { patch: SettingsPatch }): Promise<UserSettings>;
  /**
   * The outbound connections the core process made this session (0 non-loopback expected), and how the Python
   * sandbox process is kept off the network on this platform (`sandbox`).
   */
  getEgressReport(args?: Record<string, never>): Promise<EgressReport>;
  /**
   * Tries to leave the machine through every path the app has (TCP, TLS, fetch, UDP and DNS from the core process,
   * and from the main and a worker thread of a process started as the Python sandbox is) and reports, per probe,
   * whether tracetune's own guard refused it. Takes a few seconds; sends nothing anywhere (every target is a
   * documentation address or name). See docs/offline.md, "Egress self-test".
   */
  runEgressSelfTest(args?: Record<string, never>): Promise<EgressSelfTest>;
}

export const settingsMethods = {
  getSettings: true,
  updateSettings: true,
  getEgressReport: true,
  runEgressSelfTest: true,
} as const satisfies Record<keyof SettingsApi, true>;
