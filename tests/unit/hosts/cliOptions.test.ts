import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
const cli = ["--import", "tsx", "native/hosts/cli/tracetune.ts"];

/** Runs the CLI from source (tsx), as `tracetune ARGS`. */
function tracetune(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...cli, "--data-dir", path.join(dir, "data"), ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-cli-options-"));
  writeFileSync(path.join(dir, "p.py"), "def f(x):\n    return x\n");
  writeFileSync(path.join(dir, "t.py"), "assert f(1) == 1\n");
  writeFileSync(path.join(dir, "prompt.txt"), "hello");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tracetune option values", () => {
  it("a value that fails its option's type or range is a usage error (exit 2) naming the option, before any work", () => {
    const cases: Array<[string[], string]> = [
      [["exec", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--timeout-ms", "abc"], "option '--timeout-ms <n>' argument 'abc' is invalid. must be an integer >= 1."],
      [["exec", "--program", path.join(dir, "p.py"), "--tests", path.join(dir, "t.py"), "--memory-mb", "0"], "option '--memory-mb <n>' argument '0' is invalid. must be an integer >= 1."],
      [["sample", "--model", "m.gguf", "--prompt-file", path.join(dir, "prompt.txt"), "--k", "abc"], "option '--k <n>' argument 'abc' is invalid. must be an integer >= 1."],
      [["sample", "--model", "m.gguf", "--prompt-file", path.join(dir, "prompt.txt"), "--top-p", "1.5"], "option '--top-p <p>' argument '1.5' is invalid. must be a number > 0 and <= 1."],
      [["sample", "--model", "m.gguf", "--prompt-file", path.join(dir, "prompt.txt"), "--gpu", "tpu"], "Allowed choices are auto, cpu."],
      [["serve", "--port", "99999"], "option '--port <n>' argument '99999' is invalid. must be an integer from 0 to 65535."],
      [["render", "--program", path.join(dir, "p.py"), "--call", "f(1)", "--budget", "0"], "option '--budget <tokens>' argument '0' is invalid."],
      [["tasks", "list", "--set", "x", "--split", "nope"], "Allowed choices are train, dev, test, prompt."],
      [["tasks", "contamination", "--threshold", "2"], "option '--threshold <x>' argument '2' is invalid. must be a number > 0 and <= 1."],
      [["tasks", "build-mbpp-r", "--model", "m.gguf", "--k", "1.5"], "option '--k <n>' argument '1.5' is invalid."],
    ];
    for (const [args, message] of cases) {
      for (const json of [false, true]) {
        const run = tracetune(...(json ? ["--json", ...args] : args));
        expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toContain(message);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    }
  });

  it("bad file content is still exit 3", () => {
    writeFileSync(path.join(dir, "trace.json"), "{nope");
    const run = tracetune("render", "--program", path.join(dir, "p.py"), "--trace", path.join(dir, "trace.json"));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("is not valid JSON");
  });

  it("JSON piped into a reader that closes early: no EPIPE crash, the command exits quietly with its own code", () => {
    const file = path.join(dir, "big.jsonl");
    const description = "x".repeat(280);
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `t${i}`, description, buggyProgram: `def f${i}(x):\n    return x\n`, tests: [`assert f${i}(1) == 2`] }));
    writeFileSync(file, lines.join("\n") + "\n");
    expect(tracetune("tasks", "import", "--format", "jsonl", "--no-validate", file).code).toBe(0);
    const command = [process.execPath, ...cli, "--data-dir", path.join(dir, "data"), "--json", "tasks", "list", "--set", "big"].map((part) => `'${part}'`).join(" ");
    const run = spawnSync("bash", ["-c", `${command} | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { encoding: "utf8", timeout: 120_000 });
    expect(run.stderr).not.toContain("EPIPE");
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("exit=0");
  });
});
