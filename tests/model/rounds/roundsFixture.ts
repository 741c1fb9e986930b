import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { JobContext } from "../../../native/common/jobs.js";
import { detectNetworkIsolation } from "../../../native/python/node/detectNetworkIsolation.js";
import type { SandboxRuntime } from "../../../native/python/SharedPythonRuntime.js";
import { openedLocalModel } from "../../../native/rounds/node/openRoundModel.js";
import type { RoundsDeps } from "../../../native/rounds/node/roundDeps.js";
import type { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { readVersions } from "../../../native/settings/readVersions.js";
import { importTasks } from "../../../native/tasks/importTasks.js";
import { resolveDemoTasksFile } from "../../../native/tasks/resolveDemoTasksFile.js";
import { TaskStore } from "../../../native/tasks/TaskStore.js";
import { defaultRenderSettings } from "../../../native/trace/common/defaultRenderSettings.js";
import { PythonRuntime } from "../../../native/python/index.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

/**
 * Three tasks of the shipped demo set with the shortest fixes: two for training (average: `//` where `/` is
 * meant; first_position: `index` where `find` is meant) and one dev task (dot_product), so a round stays small.
 */
export const demoSubset = { train: ["average", "first_position"], dev: ["dot_product"] };

/**
 * The tiny test model has random weights, so a grammar decides what it can write: an unfenced one-line fix of
 * either task, right or wrong, after a one-word rationale that varies, or a rationale alone (unparsable). For
 * a task, the other task's function is a wrong answer (missing_entry_point); so some samples pass and some fail.
 * One-liners keep a sample near 40 tokens (grammar-constrained decoding is slow on the tiny model's vocabulary).
 */
export const roundsGrammar = [
  'root ::= why ("\\n" fix)?',
  'why ::= "ok" | "so" | "bad op"',
  'fix ::= "def average(n):return sum(n)" ("/" | "//") "len(n)" | "def first_position(t,s):return t." ("find" | "rfind") "(s)"',
].join("\n");

/** A data dir holding the demo subset as set "demo" (validated in the real sandbox). */
export async function makeRoundsDataDir(runtime: SandboxRuntime): Promise<{ dataDir: string; taskStore: TaskStore }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tt-rounds-"));
  const lines = (await readFile(resolveDemoTasksFile(), "utf8")).split("\n").filter((line) => line.trim() !== "");
  const picked = lines
    .map((line) => JSON.parse(line) as { id: string })
    .flatMap((task) => (demoSubset.train.includes(task.id) ? [{ ...task, split: "train" }] : demoSubset.dev.includes(task.id) ? [{ ...task, split: "dev" }] : []));
  const file = path.join(dataDir, "demo-subset.jsonl");
  await writeFile(file, picked.map((task) => JSON.stringify(task)).join("\n") + "\n");
  const taskStore = await TaskStore.open({ dataDir });
  await importTasks({ store: taskStore, runtime: async () => runtime, format: "demo", setId: "demo", files: [file], job: quietJob() });
  return { dataDir, taskStore };
}

/** What the CLI round tests share: the tiny model, a sandbox, the demo-subset data dir, and roundsGrammar as a file (`--grammar`). */
export async function makeRoundsCliFixture(): Promise<{ runtime: PythonRuntime; modelPath: string; dataDir: string; grammarFile: string }> {
  const modelPath = await ensureTestModel({ size: "tiny" });
  const runtime = await PythonRuntime.start();
  const { dataDir } = await makeRoundsDataDir(runtime);
  const grammarFile = path.join(dataDir, "grammar.gbnf");
  await writeFile(grammarFile, roundsGrammar);
  return { runtime, modelPath, dataDir, grammarFile };
}

export function quietJob(signal: AbortSignal = new AbortController().signal): JobContext {
  return { signal, progress: () => {} };
}

/** Deps as the core builds them, on an already loaded backend and the real sandbox. */
/** Rounds' dependencies over a test's store and sandbox; without `backend` the caller brings its own `openModel`. */
export function roundsDeps(options: { dataDir: string; taskStore: TaskStore; runtime: SandboxRuntime; backend?: LocalSamplingBackend }): RoundsDeps {
  const { dataDir, taskStore, runtime, backend } = options;
  const versions = readVersions();
  return {
    dataDir, taskStore, runtime: async () => runtime,
    openModel: async () => {
      if (!backend) throw new Error("roundsDeps: no backend given; pass one or replace openModel");
      return openedLocalModel({ backend, dataDir });
    },
    traceSettings: async () => defaultRenderSettings,
    trainer: null,
    receiptRuntime: async () => ({ pyodide: versions.pyodide, tracetune: versions.tracetune, network: detectNetworkIsolation().namespace, nodeLlamaCpp: versions.nodeLlamaCpp }),
  };
}
