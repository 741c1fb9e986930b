/** One outbound connection attempt seen by the egress monitor. */
export interface EgressConnection {
  at: string;
  protocol: "tcp" | "udp";
  host: string;
  port: number | null;
  isLoopback: boolean;
  /** A non-loopback connection to an endpoint on the allow-list (`engines.allowedHosts`, pinned addresses). */
  isAllowed: boolean;
  /** Every other non-loopback attempt is refused before any packet leaves. */
  isBlocked: boolean;
}

/** One `engines.allowedHosts` entry as the egress monitor enforces it: its host resolved once and pinned. */
export interface AllowedEndpoint {
  /** The setting's entry as written, e.g. "gpu-box.lan:8000". */
  entry: string;
  host: string;
  /** Null: any port. */
  port: number | null;
  /** What the host resolved to when it was pinned; connections go to these only. Empty: it did not resolve. */
  addresses: string[];
  /** Why it did not resolve; null when it did. */
  error: string | null;
}

/** The outbound connections of the core process, as its egress monitor saw them. */
export interface CoreEgressReport {
  /** When monitoring started (core start-up). */
  since: string;
  total: number;
  loopback: number;
  nonLoopback: number;
  /** Non-loopback connections let through because their endpoint is on the allow-list. */
  allowed: number;
  /** The allow-list in force, with the pinned addresses (empty until an engine on a listed host is first used). */
  allowList: AllowedEndpoint[];
  /** The most recent attempts, newest last (capped). */
  recent: EgressConnection[];
}

export interface EgressReport extends CoreEgressReport {
  /** How the Python sandbox process is kept off the network (it has its own guard; the counts above are the core's). */
  sandbox: SandboxNetworkReport;
}

/** The Python sandbox process's network, per platform (docs/python-sandbox.md, "Network"). */
export interface SandboxNetworkReport {
  /** The platform this holds for: Node's `process.platform` ("linux", "darwin", "win32"). */
  platform: string;
  /**
   * "isolated": the sandbox runs in its own user and network namespace (Linux), where no network exists, not
   * even the host's loopback. "unavailable": Linux, but this system refused an unprivileged namespace (see
   * `reason`). "unsupported": the platform has none (macOS, Windows).
   */
  namespace: "isolated" | "unavailable" | "unsupported";
  /** Why there is no namespace, e.g. "not available on this platform (darwin)"; null when isolated. */
  reason: string | null;
  /**
   * Sockets and DNS queries the running sandbox refused (every thread of it refuses all of them, on every
   * platform); 0 expected. Null when no sandbox is running.
   */
  refusedSockets: number | null;
}
