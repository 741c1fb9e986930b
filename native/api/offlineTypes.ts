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

/** What an egress self-test probe tried: a TCP or TLS connection, `fetch`, a UDP datagram, a DNS query, a native child. */
export type EgressProbeKind = "tcp" | "tls" | "fetch" | "udp" | "dns" | "child process";

/** One attempt of the egress self-test to leave the machine (docs/offline.md, "Egress self-test"). */
export interface EgressProbe {
  /** Where it was made: "core" (the core process), "sandbox" / "sandbox worker" (the main and a worker thread of a process started exactly as the Python sandbox is), "llama.cpp". */
  path: string;
  kind: EgressProbeKind;
  /** The address, URL or name tried: 192.0.2.1 (a documentation address, never anyone's host) or a name under .example. */
  target: string;
  /**
   * "refused": tracetune's own guard refused it (its error came back and its counter rose). "not_guarded": anything
   * else: it got through, timed out, or the OS refused it (which proves nothing about tracetune). "skipped": the path
   * cannot be probed here (`reason` says why).
   */
  result: "refused" | "not_guarded" | "skipped";
  /** The same as `result === "refused"`. */
  refused: boolean;
  /** Why it is not_guarded or skipped. */
  reason?: string;
  /** The error code the attempt ended with (egress_blocked, dns_refused, socket_refused, ENETUNREACH…); null when none. */
  error: string | null;
}

/** The egress self-test's report. */
export interface EgressSelfTest {
  ranAt: string;
  probes: EgressProbe[];
  /** No probe is not_guarded (skipped ones aside). */
  allRefused: boolean;
}
