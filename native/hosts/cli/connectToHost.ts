import { existsSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import type { TracetuneApi } from "../../api/contract.js";
import type { ApiEvent } from "../../api/events.js";
import { fromWireError, TracetuneError, type WireError } from "../../common/TracetuneError.js";
import type { CoreContext } from "../../core/CoreContext.js";
import type { Core } from "../../core/createCore.js";
import type { DataDirOwner } from "../../storage/dataDirLock.js";

/** Argument fields that name files or folders; a relative one is made absolute here, since the host has its own cwd. */
const pathFields = new Set(["files", "file", "path", "folder", "modelPath", "programFile", "testsFile", "llamaCppDir", "outputDir", "dir"]);

/**
 * The API of the host that owns a data dir, over its loopback HTTP API (`POST /api/call` with the host's token)
 * and its event socket (`/api/events`), so a CLI command runs against the one process that writes the data dir:
 * its writes land in that process's stores (nothing is overwritten by a stale copy), long commands follow the
 * host's job and Ctrl-C cancels it there. Resolves once the event socket is open, so no job event is missed.
 */
export async function connectToHost(owner: DataDirOwner & { port: number; token: string }, { dataDir }: { dataDir: string }): Promise<Core> {
  const base = `http://127.0.0.1:${owner.port}`;
  const authorization = `Bearer ${owner.token}`;
  const listeners = new Set<(event: ApiEvent) => void>();
  const socket = new WebSocket(`ws://127.0.0.1:${owner.port}/api/events`, { headers: { authorization } });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", (error) => reject(new TracetuneError("host_unreachable", `The tracetune host that owns this data dir (pid ${owner.pid}, port ${owner.port}) did not answer: ${error.message}.`, { pid: owner.pid, port: owner.port })));
  });
  socket.on("error", () => {});
  socket.on("message", (data) => {
    let event: ApiEvent;
    try {
      event = JSON.parse(String(data)) as ApiEvent;
    } catch {
      return;
    }
    for (const listener of listeners) listener(event);
  });

  const call = async (method: string, args: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/call`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify({ method, args: absolutePaths(args) }),
      });
    } catch (error) {
      throw new TracetuneError("host_unreachable", `The tracetune host that owns this data dir (pid ${owner.pid}, port ${owner.port}) did not answer: ${(error as Error).message}.`, { pid: owner.pid, port: owner.port });
    }
    const body = (await response.json().catch(() => null)) as { ok: true; result: unknown } | { ok: false; error: WireError } | null;
    if (!body) throw new TracetuneError("internal", `The tracetune host answered ${method} with HTTP ${response.status} and no JSON.`);
    if (!body.ok) throw fromWireError(body.error);
    return body.result;
  };

  const api = new Proxy({} as TracetuneApi, {
    get(_target, property) {
      if (typeof property !== "string" || property === "then") return undefined;
      return (args?: unknown) => call(property, args ?? {});
    },
  });
  return {
    api,
    context: forwardedContext(dataDir, owner),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      await new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once("close", () => resolve());
        socket.close();
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000).unref();
      });
    },
  };
}

/** Makes relative paths in path fields absolute (against this process's cwd), where such a file exists here. */
function absolutePaths(args: unknown): unknown {
  if (!args || typeof args !== "object" || Array.isArray(args)) return args;
  const toAbsolute = (value: unknown) => (typeof value === "string" && value !== "" && !path.isAbsolute(value) && existsSync(value) ? path.resolve(value) : value);
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [
    key,
    !pathFields.has(key) ? (value && typeof value === "object" && !Array.isArray(value) ? absolutePaths(value) : value) : Array.isArray(value) ? value.map(toAbsolute) : toAbsolute(value),
  ]));
}

/**
 * A forwarded command has the host's API, not its internals: the data dir's path is known, anything else a command
 * reaches for in `core.context` is refused by name (such a command belongs in commandsWithoutLock or must own the
 * data dir).
 */
function forwardedContext(dataDir: string, owner: DataDirOwner): CoreContext {
  const known: Partial<CoreContext> = { dataDir, host: "cli" };
  return new Proxy(known as CoreContext, {
    get(target, property) {
      if (typeof property === "string" && property in target) return target[property as keyof CoreContext];
      throw new TracetuneError("not_forwardable", `This command needs the data dir to itself (core.context.${String(property)}), but the tracetune host pid ${owner.pid} owns it; stop that host first.`, { pid: owner.pid });
    },
  });
}
