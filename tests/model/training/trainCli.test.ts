import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBuiltLlamaTools } from "../engines/startLlamaServer.js";
import { buildRoundFixture } from "../export/buildRoundFixture.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

const standIn = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "llama-finetune-lora-standin.mjs");
const { skipReason } = await findBuiltLlamaTools();

let dir: string;
let dataDir: string;
let base: string;

/** Runs the CLI from source (tsx), as `tracetune ARGS`. */
function tracetune(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "native/hosts/cli/tracetune.ts", "--data-dir", dataDir, ...args], { encoding: "utf8", timeout: 180_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("tracetune export and tracetune train", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tracetune-train-cli-"));
    dataDir = path.join(dir, "data");
    base = await ensureTestModel({ size: "tiny" });
    await buildRoundFixture({ dataDir, run: "cli", modelFile: base, rounds: 2, cases: 6 });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("export --json prints manifest.json as written; --rounds takes 2, 1-2 and 1,2; a bad list is a usage error", async () => {
    const out = path.join(dir, "export");
    const run = tracetune("export", "--run", "cli", "--rounds", "1-2", "--model", base, "--out", out, "--max-tokens", "4096", "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("tracetune:");
    expect(run.stdout).toBe(await readFile(path.join(out, "manifest.json"), "utf8"));
    const manifest = JSON.parse(run.stdout);
    expect(manifest.rounds).toEqual([1, 2]);
    expect(manifest.counts.kept).toBe(2 * 6 * 2);
    const one = tracetune("export", "--run", "cli", "--rounds", "2", "--out", path.join(dir, "export-r2"), "--no-trace", "--json");
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ rounds: [2], options: { includeTrace: false } });
    const bad = tracetune("export", "--run", "cli", "--rounds", "2-1", "--out", path.join(dir, "x"), "--json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--rounds");
    const missing = tracetune("export", "--run", "cli", "--rounds", "1,3", "--out", path.join(dir, "y"), "--json");
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout).error.message).toContain("no round 3");
  });

  it("train --trainer PATH --json gives {trainer, out, kind: adapter, epochs, contextLength}", async () => {
    const out = path.join(dir, "adapter.gguf");
    const run = tracetune("train", "--export", path.join(dir, "export"), "--model", base, "--trainer", standIn, "--epochs", "2", "--out", out, "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ trainer: standIn, out, kind: "adapter", contextLength: null });
    expect(result.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
    expect(result.epochs[0].loss).toBeGreaterThan(0);
  });

  it.skipIf(skipReason !== null)(`train with llama-finetune --json gives the model, its epochs with losses, and the base context length${skipReason ? ` (skipped: ${skipReason})` : ""}`, async () => {
    const out = path.join(dir, "trained.gguf");
    const run = tracetune("train", "--export", path.join(dir, "export"), "--model", base, "--epochs", "1", "--threads", "1", "--out", out, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/tracetune: (keeping this computer awake while the training runs \(|cannot keep this computer awake here \()/);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ trainer: "llama-finetune", out, kind: "model", contextLength: 2048 });
    expect(result.epochs).toHaveLength(1);
    expect(result.epochs[0].loss).toBeGreaterThan(0);
    expect(result.epochs[0].valLoss).toBeGreaterThan(0);
    // By default the rows are written in a seeded order beside the output; --no-shuffle trains the export's own file.
    const exportCorpus = path.join(dir, "export", "llamacpp", "corpus.txt");
    expect(result.data.file).not.toBe(exportCorpus);
    const kept = tracetune("train", "--export", path.join(dir, "export"), "--model", base, "--epochs", "1", "--threads", "1", "--no-shuffle", "--out", path.join(dir, "unshuffled.gguf"), "--json");
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).data.file).toBe(exportCorpus);
    expect(tracetune("train", "--export", path.join(dir, "export"), "--model", base, "--shuffle-seed", "-1", "--out", path.join(dir, "x.gguf")).code).toBe(2);
  }, 240_000);
});
