import { spawn } from "node:child_process";
import { CancelledError } from "../../common/TracetuneError.js";
import { LlamaToolsBuildError } from "../engineErrors.js";

/** Lines of output kept to explain a failed step. */
const TAIL_LINES = 30;

/**
 * Runs one build command (git, cmake), handing each output line to `onLine`. Fails with
 * `llama_tools_build_failed` naming the step and carrying its last lines. Aborting kills the whole
 * process group on POSIX (CMake → Ninja → compilers), so no compiler keeps a core busy after a cancel.
 */
export function runBuildStep(options: {
  step: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}): Promise<void> {
  const { step, command, args, cwd, env, signal, onLine } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const isPosix = process.platform !== "win32";
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: isPosix, windowsHide: true });
    const tail: string[] = [];
    const take = (stream: NodeJS.ReadableStream) => {
      let buffer = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split(/\r?\n/);
        buffer = lines.pop() ?? "";
        for (const line of lines) keep(line);
      });
      stream.on("end", () => buffer && keep(buffer));
    };
    const keep = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine?.(line);
    };
    take(child.stdout);
    take(child.stderr);
    const onAbort = () => {
      try {
        if (isPosix && child.pid) process.kill(-child.pid, "SIGTERM");
        else child.kill();
      } catch {
        // already gone
      }
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(new LlamaToolsBuildError(`${step}: cannot run ${command} (${error.message})`, { step, command }));
    });
    child.on("close", (code, killSignal) => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) return reject(new CancelledError());
      if (code === 0) return resolve();
      const last = tail.filter((line) => line.trim() !== "").slice(-12).join("\n");
      reject(new LlamaToolsBuildError(`${step} (${command} ${args.join(" ")}) exited with ${code ?? killSignal}; its last lines:\n${last}`, { step, command, args, exitCode: code, tail }));
    });
  });
}
