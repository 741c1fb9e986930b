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

export interface EgressReport {
  /** When monitoring started (core start-up). */
  since: string;
  total: number;
  loopback: number;
  nonLoopback: number;
  /** The most recent attempts, newest last (capped). */
  recent: EgressConnection[];
}
