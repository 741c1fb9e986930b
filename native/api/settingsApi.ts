import type { ExecLimits, TraceCaps } from "../python/common/execTypes.js";
import type { EgressReport } from "./offlineTypes.js";

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
}

/** Settings the user can change; stored in `settings.json` in the data dir. */
export interface UserSettings {
  /** Default: "system". */
  theme: "system" | "light" | "dark";
  python: PythonSettings;
  engines: EngineSettings;
}

/** A change to the settings: any subset, nested sections included (`{python: {limits: {timeoutMs: 8000}}}`). */
export interface SettingsPatch {
  theme?: UserSettings["theme"];
  python?: { poolSize?: PythonSettings["poolSize"]; limits?: Partial<ExecLimits>; caps?: Partial<TraceCaps> };
  engines?: Partial<EngineSettings>;
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
}

export const settingsMethods = {
  getSettings: true,
  updateSettings: true,
  getEgressReport: true,
} as const satisfies Record<keyof SettingsApi, true>;
