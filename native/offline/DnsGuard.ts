import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import { TracetuneError } from "../common/TracetuneError.js";
import { isLoopbackHost } from "./isLoopbackHost.js";

export class DnsRefusedError extends TracetuneError {
  constructor(name: string) {
    super("dns_refused", `Refused a DNS lookup of ${JSON.stringify(name)}: tracetune never leaves this machine (a query is itself egress).`, { name });
  }
}

/**
 * Refuses DNS queries of the core process, as the egress monitor refuses its connections: a query carries the name
 * out to a resolver, so it is egress even when no connection follows. Loopback names (localhost) and IP literals
 * pass (nothing is sent for them), and so do the names the user allowed (`engines.allowedHosts`, which the engines
 * feature resolves once to pin). Wraps every `dns` and `dns.promises` lookup/resolve/reverse function and
 * `Resolver` method, and updates the ESM named exports so `import { lookup } from "node:dns"` sees the guard too.
 * Installed once per process (createCore); this thread only (the core runs no network code in worker threads).
 */
export class DnsGuard {
  private static installed: DnsGuard | null = null;
  private refusedCount = 0;

  private constructor(private isAllowedName: (name: string) => boolean) {}

  /** Installs the guard (once per process; a later call only replaces `isAllowedName` when it gives one). */
  static install({ isAllowedName }: {
    /** Names to let through besides loopback names and IP literals. Default: none. */
    isAllowedName?: (name: string) => boolean;
  } = {}): DnsGuard {
    if (DnsGuard.installed) {
      if (isAllowedName) DnsGuard.installed.isAllowedName = isAllowedName;
      return DnsGuard.installed;
    }
    const guard = new DnsGuard(isAllowedName ?? (() => false));
    guard.patch();
    DnsGuard.installed = guard;
    return guard;
  }

  /** The guard of this process; null when none was installed (the self-test then reports DNS as not guarded). */
  static current(): DnsGuard | null {
    return DnsGuard.installed;
  }

  /** DNS queries refused since the guard was installed. */
  get refused(): number {
    return this.refusedCount;
  }

  private isAllowed(name: unknown): boolean {
    if (typeof name !== "string") return true; // not a name: the original function reports the misuse
    const bare = name.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
    return bare === "" || net.isIP(bare) !== 0 || isLoopbackHost(bare) || this.isAllowedName(bare);
  }

  private patch(): void {
    const guard = this;
    const targets = [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype] as unknown as Array<Record<string, unknown>>;
    for (const target of targets) {
      for (const key of Object.getOwnPropertyNames(target)) {
        const original = target[key];
        if (typeof original !== "function" || !/^(lookup|resolve|reverse)/.test(key)) continue;
        const isPromise = target === (dns.promises as unknown) || target === (dns.promises.Resolver.prototype as unknown);
        target[key] = function guardedDns(this: unknown, ...args: unknown[]) {
          // reverse() takes an address: asking for its name is a query too, unless it is loopback.
          const name = args[0];
          const isRefused = key.startsWith("reverse") ? !(typeof name === "string" && isLoopbackHost(name)) : !guard.isAllowed(name);
          if (!isRefused) return (original as (...a: unknown[]) => unknown).apply(this, args);
          guard.refusedCount += 1;
          const error = new DnsRefusedError(String(name));
          if (isPromise) return Promise.reject(error);
          const callback = args.findLast((arg) => typeof arg === "function") as ((error: Error) => void) | undefined;
          if (!callback) throw error;
          process.nextTick(() => callback(error));
          return undefined;
        };
      }
    }
    syncBuiltinESMExports();
  }
}
