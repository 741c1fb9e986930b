import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

let dir: string;
let modelFile: string;

/** Runs the CLI from source (tsx), as `tracetune ARGS`. */
function tracetune(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", path.join(dir, "data"), ...args], { encoding: "utf8", timeout: 90_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-models-cli-"));
  modelFile = await ensureTestModel({ size: "tiny" });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("tracetune models / sample", () => {
  it("models info --json includes the architecture and trained context length", () => {
    const run = tracetune("--json", "models", "info", modelFile);
    expect(run.code).toBe(0);
    const info = JSON.parse(run.stdout);
    expect(info).toMatchObject({ architecture: "llama", trainedContextLength: 2048, kind: "model" });
    expect(info.memoryEstimate.total.ram).toBeGreaterThan(0);
  });

  it("models info on a truncated or non-GGUF file exits 3 naming it", async () => {
    const truncated = path.join(dir, "cut.gguf");
    await writeFile(truncated, (await readFile(modelFile)).subarray(0, 10_000));
    const text = path.join(dir, "text.gguf");
    await writeFile(text, "hello");
    for (const file of [truncated, text]) {
      const run = tracetune("models", "info", file);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(file);
    }
  });

  it("models scan lists every GGUF at any depth and reports broken ones by name", async () => {
    await mkdir(path.join(dir, "lib", "x", "y"), { recursive: true });
    await copyFile(modelFile, path.join(dir, "lib", "x", "y", "deep.gguf"));
    await writeFile(path.join(dir, "lib", "x", "broken.gguf"), "GGUF?");
    // Written a minute ago: an unreadable .gguf written in the last 5 s is reported as still being copied.
    await utimes(path.join(dir, "lib", "x", "broken.gguf"), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const run = tracetune("--json", "models", "scan", path.join(dir, "lib"));
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.models.map((m: { path: string }) => m.path)).toEqual([path.join(dir, "lib", "x", "y", "deep.gguf")]);
    expect(result.broken.map((b: { path: string }) => b.path)).toEqual([path.join(dir, "lib", "x", "broken.gguf")]);
    const human = tracetune("models", "scan", path.join(dir, "lib"));
    expect(human.stdout).toContain("broken.gguf");
  });

  it("sample --json returns k completions, each with its text, reproducible by seed", async () => {
    const prompt = path.join(dir, "prompt.txt");
    await writeFile(prompt, "def square(x):\n");
    const args = ["--json", "sample", "--model", modelFile, "--prompt-file", prompt, "--k", "3", "--temperature", "0.8", "--seed", "1", "--max-tokens", "8", "--threads", "1"];
    const first = tracetune(...args);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.completions).toHaveLength(3);
    for (const c of result.completions) expect(typeof c.text).toBe("string");
    expect(JSON.parse(tracetune(...args).stdout).completions).toEqual(result.completions);
    const broken = tracetune("sample", "--model", path.join(dir, "text.gguf"), "--prompt-file", prompt, "--k", "2");
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain("text.gguf");
  });
});
