/** One outbound connection attempt seen by the egress monitor. */
export interface EgressConnection {
  at: string;
  protocol: "tcp" | "udp";
  host: string;
  port: number | null;
  isLoopback: boolean;
  /** Non-loopback attempts are refused before any packet leaves. */
  isBlocked: boolean;
}

/** The outbound connections of the core process, as its egress monitor saw them. */
export interface CoreEgressReport {
  /** When monitoring started (core start-up). */
  since: string;
  total: number;
  loopback: number;
  nonLoopback: number;
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
