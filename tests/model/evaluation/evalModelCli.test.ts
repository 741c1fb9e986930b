// `tracetune eval --model` and `--engine` as a user runs them (the built CLI via bin/tracetune.mjs), on the tiny
// generated model with a grammar that forces one known answer: the right fix for the first evaluated task. So
// that task must pass every sample and the others none, whatever the model's random weights.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationResult, TaskSummary } from "../../../native/api/index.js";
import { findBuiltLlamaTools, startLlamaServer, type RunningLlamaServer } from "../engines/startLlamaServer.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { gbnfLiteral } from "../repair/gbnfLiteral.js";

const { tools, skipReason } = await findBuiltLlamaTools();
let dataDir: string;
let modelPath: string;
let grammarFile: string;
let evaluated: TaskSummary[];
const tracetune = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", dataDir, ...args], { encoding: "utf8", timeout: 600_000 });

beforeAll(async () => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  modelPath = await ensureTestModel({ size: "tiny" });
  dataDir = mkdtempSync(path.join(tmpdir(), "tracetune-eval-model-cli-"));
  expect(tracetune(["tasks", "import-demo"]).status).toBe(0);
  evaluated = (JSON.parse(tracetune(["--json", "tasks", "list", "--set", "demo", "--status", "valid"]).stdout) as { tasks: TaskSummary[] }).tasks.filter((task) => task.split !== "train");
  const demo = readFileSync("resources/demo-tasks/demo-tasks.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line) as { id: string; reference: string });
  const reference = demo.find((task) => `demo/${task.id}` === evaluated[0].id)!.reference;
  grammarFile = path.join(dataDir, "fix.gbnf");
  writeFileSync(grammarFile, gbnfLiteral(`Rationale: the loop misses a case.\nFixed program:\n\`\`\`python\n${reference}\`\`\``));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function expectForcedScores(result: EvaluationResult, n: number): void {
  for (const condition of result.conditions) {
    expect(condition.tasks.map((task) => [task.taskId, task.n, task.c])).toEqual(evaluated.map((task, i) => [task.id, n, i === 0 ? n : 0]));
    expect(condition.passAtK["1"]).toBeCloseTo(1 / evaluated.length, 12);
  }
}

describe("tracetune eval --model", () => {
  it("samples through the repair step with and without the trace, and prints the documented JSON", () => {
    const run = tracetune(["eval", "--tasks", "demo", "--model", modelPath, "--n", "2", "--k", "1,2", "--trace", "next,none", "--grammar-file", grammarFile, "--few-shot", "0", "--max-tokens", "200", "--gpu", "cpu", "--threads", "1", "--json"]);
    expect(run.status, run.stderr).toBe(0);
    // Long work says whether the computer is kept awake (here the host may not allow it: then it says so).
    expect(run.stderr).toMatch(/tracetune: (keeping this computer awake while the evaluation runs \(|cannot keep this computer awake here \()/);
    const result = JSON.parse(run.stdout) as EvaluationResult;
    expect(result.conditions.map((condition) => condition.id)).toEqual(["next", "none"]);
    expect(Object.keys(result.passAtK)).toEqual(["1", "2"]);
    expect(result.verdicts.pass).toBe(2);
    expect(result).toMatchObject({ missing: [], skipped: [], refusedK: [], isComplete: true });
    expectForcedScores(result, 2);
  });
});

describe.skipIf(skipReason !== null)(`tracetune eval --engine (real llama-server)${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ binary: tools.binaries["llama-server"]!, model: modelPath, parallel: 2, contextSize: 8192 });
  });
  afterAll(async () => server?.dispose());

  it("samples from the serving engine through the same repair step", () => {
    const run = tracetune(["eval", "--tasks", "demo", "--engine", server.origin, "--n", "2", "--k", "1", "--trace", "none", "--grammar-file", grammarFile, "--few-shot", "0", "--max-tokens", "200", "--json"]);
    expect(run.status, `${run.stderr}\n${server.log().slice(-2000)}`).toBe(0);
    const result = JSON.parse(run.stdout) as EvaluationResult;
    expect(result.config.source).toMatchObject({ kind: "engine", engine: { url: server.origin } });
    expectForcedScores(result, 2);
  });
});
