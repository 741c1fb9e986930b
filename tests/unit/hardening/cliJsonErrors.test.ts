import { spawnSync } from "node:child_process";
import { appendFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");

function tracetune(dataDir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", dataDir, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("CLI errors with --json", () => {
  it("a usage error is exit 2 with one JSON error object on stdout (code usage) and commander's message on stderr; without --json stdout stays empty", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tt-json-errors-"));
    const badValue = tracetune(dataDir, ["--json", "serve", "--port", "abc"]);
    expect(badValue.status).toBe(2);
    expect(JSON.parse(badValue.stdout)).toEqual({ error: { code: "usage", message: "option '--port <n>' argument 'abc' is invalid. must be an integer from 0 to 65535.", details: { reason: "commander.invalidArgument" } } });
    expect(badValue.stderr).toContain("option '--port <n>' argument 'abc' is invalid.");

    const unknown = tracetune(dataDir, ["--json", "frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ code: "usage", message: "unknown command 'frobnicate'", details: { reason: "commander.unknownCommand" } });

    const plain = tracetune(dataDir, ["serve", "--port", "abc"]);
    expect(plain.status).toBe(2);
    expect(plain.stdout).toBe("");
    const help = tracetune(dataDir, ["--json", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: tracetune");

    // Bad input is the same shape: the JSON object on stdout, the line on stderr, exit 3.
    const missing = tracetune(dataDir, ["--json", "tasks", "show", "nope/x"]);
    expect(missing.status).toBe(3);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: "unknown_task", message: 'No task with id "nope/x".', details: { id: "nope/x" } } });
    expect(missing.stderr).toBe('tracetune: No task with id "nope/x".\n');
  });

  it("tasks list (every set) carries each set's store warnings, in --json and on stderr", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-json-errors-"));
    const dataDir = path.join(dir, "data");
    const file = path.join(dir, "mine.jsonl");
    await writeFile(file, JSON.stringify({ id: "a", buggyProgram: "def a(x):\n    return x\n", tests: ["assert a(1) == 2"] }) + "\n");
    expect(tracetune(dataDir, ["tasks", "import", "--format", "jsonl", "--no-validate", file]).status).toBe(0);
    const store = path.join(dataDir, "tasks", "mine", "tasks.jsonl");
    await appendFile(store, "{not json\n");
    const listed = tracetune(dataDir, ["--json", "tasks", "list"]);
    expect(listed.status).toBe(0);
    const [set] = JSON.parse(listed.stdout) as Array<{ id: string; warnings: unknown[] }>;
    expect(set.warnings).toEqual([{ setId: "mine", file: store, line: 2, reason: expect.stringMatching(/^not valid JSON/) }]);
    expect(listed.stderr).toContain(`tracetune: warning: ${store}:2: not valid JSON`);
  });
});
