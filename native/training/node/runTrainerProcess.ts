import { spawn } from "node:child_process";
import type { TrainingEpoch, TrainingPoint } from "../../api/trainingApi.js";
import { CancelledError } from "../../common/TracetuneError.js";
import { FinetuneOutputParser } from "../common/FinetuneOutputParser.js";
import { TrainingFailedError } from "../trainingErrors.js";

/** Log lines kept to explain a failed run. */
const TAIL_LINES = 40;

export interface RunTrainerOptions {
  command: string;
  args: string[];
  cwd?: string;
  signal?: AbortSignal;
  /** Each progress update, in order. */
  onPoint?: (point: TrainingPoint) => void;
  /** Each line that is not a progress update. */
  onLogLine?: (line: string) => void;
}

/**
 * Runs a trainer (llama-finetune or a LoRA trainer), parsing its progress bar into points as it prints them.
 * Aborting kills its process group (SIGTERM, then SIGKILL after 3 s) and rejects with `cancelled`; a non-zero
 * exit rejects with `training_failed` carrying the last log lines.
 */
export function runTrainerProcess(options: RunTrainerOptions): Promise<{ epochs: TrainingEpoch[]; logTail: string[] }> {
  const { command, args, cwd, signal, onPoint, onLogLine } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError("Training was cancelled."));
    const isPosix = process.platform !== "win32";
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], detached: isPosix, windowsHide: true });
    const parser = new FinetuneOutputParser();
    let logged = 0;
    const flushLog = () => {
      for (; logged < parser.logLines.length; logged++) onLogLine?.(parser.logLines[logged]);
    };
    const feed = (chunk: string) => {
      for (const point of parser.push(chunk)) onPoint?.(point);
      flushLog();
    };
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", feed);
    child.stderr.on("data", feed);
    let killTimer: NodeJS.Timeout | null = null;
    const kill = (killSignal: NodeJS.Signals) => {
      try {
        if (isPosix && child.pid) process.kill(-child.pid, killSignal);
        else child.kill(killSignal);
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      kill("SIGTERM");
      killTimer = setTimeout(() => kill("SIGKILL"), 3000);
      killTimer.unref();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(new TrainingFailedError(`Cannot run the trainer ${command}: ${error.message}`, { command }));
    });
    child.on("close", (code, killSignal) => {
      signal?.removeEventListener("abort", onAbort);
      if (killTimer) clearTimeout(killTimer);
      for (const point of parser.end()) onPoint?.(point);
      flushLog();
      const logTail = parser.logLines.slice(-TAIL_LINES);
      if (signal?.aborted) return reject(new CancelledError("Training was cancelled."));
      if (code !== 0) {
        return reject(new TrainingFailedError(`The trainer (${command}) exited with ${code ?? killSignal}; its last lines:\n${logTail.slice(-12).join("\n")}`, { command, args, exitCode: code, logTail }));
      }
      resolve({ epochs: parser.results(), logTail });
    });
  });
}
