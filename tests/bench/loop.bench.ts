// `npm run bench -- loop` (issue 15, "a loop that moves a number"): three NExT rounds on a generated toy repair
// family with a small model trained on this CPU by llama-finetune, printing pass@1 on the family's dev split
// for the base model and after each round's training (n samples per task at T = 0.8, with and without the
// trace, a 95 % bootstrap interval over tasks, and the paired difference from the base).
// - The family (tests/bench/loop/toyRepairFamily.ts): six function shapes with operator, off-by-one and
//   variable bugs, tests computed in the sandbox; dev functions are other instances than training functions.
// - The model has random weights to start with, so answers are grammar-constrained: for each task the model
//   chooses among the buggy line's candidate edits (at least four, exactly one right), each written as a
//   rationale naming the edit plus the edited program (tests/bench/loop/candidateEditGrammar.ts). Everything
//   else is the app's own loop: runRounds (hard set, k samples, verification in the sandbox, filter,
//   receipts, dev check) and createRoundTrainer (export, llama-finetune from the base on every kept sample so
//   far, context length restored, Q8_0 copy sampled by the next round).
// - What it can show: that training on the kept samples moves the model's choice toward the edits that pass on
//   functions it was not trained on. It cannot show reasoning about execution: a model this small learns which
//   edits look like the family's correct code, not what the trace says (docs/benchmarks.md says so too).
// Env: LOOP_TASKS (110 generated, before dropping), LOOP_DEV (20), LOOP_K (6), LOOP_HARD_N (2), LOOP_HARD_M
// (1), LOOP_EVAL_N (8), LOOP_ROUNDS (3), LOOP_EPOCHS (8), LOOP_LR (3e-4: at 1e-3 the loss rose again after 2 epochs and each
// round's model landed somewhere else, docs/benchmarks.md), LOOP_THREADS (sampling: measured), LOOP_TRAIN_THREADS (1), LOOP_SEED (7),
// LOOP_WRONG_EDITS (same-line | other-lines: where wrong candidates come from, see toyRepairFamily.ts), LOOP_CORPUS
// (completions | chat: what llama-finetune trains on; the app's setting defaults to chat, see docs/training.md),
// LOOP_EPOCH_RULE (constant-steps | fixed: LOOP_EPOCHS is the first training's; see settings.epochRule).
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { RoundModel } from "../../native/api/roundsApi.js";
import type { EvaluationResult } from "../../native/api/evaluationApi.js";
import type { TrainingCorpus } from "../../native/api/trainingApi.js";
import { pairedBootstrap } from "../../native/evaluation/compareEvaluations.js";
import { runEvaluation } from "../../native/evaluation/runEvaluation.js";
import { EvaluationStore } from "../../native/evaluation/EvaluationStore.js";
import { disposeLlamas } from "../../native/models/loadLlama.js";
import { PythonRuntime } from "../../native/python/index.js";
import { openedLocalModel } from "../../native/rounds/node/openRoundModel.js";
import { prepareRun } from "../../native/rounds/node/prepareRun.js";
import { repairSamplerFor } from "../../native/rounds/node/repairSamplerFor.js";
import type { RoundsDeps } from "../../native/rounds/node/roundDeps.js";
import { runRounds } from "../../native/rounds/node/runRounds.js";
import { RunStore } from "../../native/rounds/node/RunStore.js";
import { LocalSamplingBackend } from "../../native/sampling/LocalSamplingBackend.js";
import { importTasks } from "../../native/tasks/importTasks.js";
import { TaskStore } from "../../native/tasks/TaskStore.js";
import { defaultRenderSettings } from "../../native/trace/common/defaultRenderSettings.js";
import { createRoundTrainer } from "../../native/training/node/createRoundTrainer.js";
import { findBuiltLlamaTools } from "../model/engines/startLlamaServer.js";
import { ensureTestModel } from "../model/gguf/ensureTestModel.js";
import { roundsDeps } from "../model/rounds/roundsFixture.js";
import { candidateAnswers, withCandidateGrammars } from "./loop/candidateEditGrammar.js";
import { scoreChoices, type ChoiceItem } from "./loop/choiceProbability.js";
import type { ChatMessage } from "../../native/sampling/SamplingBackend.js";
import { checkToyTasks, dropDevTwins, toyTasksJsonl } from "./loop/checkToyTasks.js";
import { generateToyTasks, type WrongEdits } from "./loop/toyRepairFamily.js";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  tasks: env("LOOP_TASKS", 110), dev: env("LOOP_DEV", 20), k: env("LOOP_K", 6), hardN: env("LOOP_HARD_N", 2), hardM: env("LOOP_HARD_M", 1),
  evalN: env("LOOP_EVAL_N", 8), rounds: env("LOOP_ROUNDS", 3), epochs: env("LOOP_EPOCHS", 8), learningRate: env("LOOP_LR", 3e-4), seed: env("LOOP_SEED", 7),
  // Sampling threads: measured at load as the app does (on a busy machine 1 can be 20x faster than 2 with a grammar).
  threads: process.env.LOOP_THREADS ? Number(process.env.LOOP_THREADS) : ("auto" as const),
  // llama-finetune's threads: 1 unless asked (the same r1 training took 46 s with 1 thread, 255 s with 2, at load 8).
  trainThreads: env("LOOP_TRAIN_THREADS", 1),
  wrongEdits: (process.env.LOOP_WRONG_EDITS ?? "same-line") as WrongEdits,
  // What llama-finetune trains on: the whole chat (prompt and answer) or the answers alone (docs/training.md, "Corpus").
  // Default "completions": no run trained on whole rows kept round 1's dev pass@1 (docs/benchmarks.md).
  corpus: (process.env.LOOP_CORPUS ?? "completions") as TrainingCorpus,
  // Epochs per training: "constant-steps" scales LOOP_EPOCHS by the first training's rows over this one's (the
  // steps stay about equal as rows accumulate); "fixed" trains every round LOOP_EPOCHS (runs A-G).
  epochRule: (process.env.LOOP_EPOCH_RULE ?? "constant-steps") as "constant-steps" | "fixed",
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const started = performance.now();
const elapsed = () => seconds(performance.now() - started);

const { tools, skipReason } = await findBuiltLlamaTools();
if (skipReason) {
  console.error(`loop bench: ${skipReason}`);
  process.exit(1);
}
console.log(`loop bench: ${JSON.stringify(settings)}; load ${load()}`);
const dataDir = mkdtempSync(join(tmpdir(), "tracetune-loop-bench-"));
const runtime = await PythonRuntime.start({ size: 1, spares: 0 });
const quiet = { signal: new AbortController().signal, progress: () => {} };
try {
  const checked = await checkToyTasks({ runtime, tasks: generateToyTasks({ count: settings.tasks, devCount: settings.dev, seed: settings.seed, wrongEdits: settings.wrongEdits }) });
  const { tasks, dropped: twins } = dropDevTwins(checked.tasks);
  const dropped = [...checked.dropped, ...twins];
  const tasksFile = join(dataDir, "toy-tasks.jsonl");
  writeFileSync(tasksFile, toyTasksJsonl(tasks));
  const taskStore = await TaskStore.open({ dataDir });
  await importTasks({ store: taskStore, runtime: async () => runtime, format: "jsonl", setId: "toy", files: [tasksFile], job: quiet });
  const devIds = (await taskStore.views(["toy"])).filter((task) => task.split === "dev").map((task) => task.id);
  const candidates = tasks.map((task) => task.candidates.length);
  console.log(`family: ${tasks.length} tasks (${tasks.length - devIds.length} train, ${devIds.length} dev; ${checked.dropped.length} generated tasks dropped by the sandbox check, ${twins.length} training tasks as near-duplicates of dev tasks), ${Math.min(...candidates)}-${Math.max(...candidates)} candidate edits per bug (one right); ${elapsed()}`);

  const base = await ensureTestModel({ size: "loop" });
  // Each training's epochs (read by the round trainer right after it writes the round's export): with
  // "constant-steps", LOOP_EPOCHS for the first training's rows and fewer as the rows grow, so every round's
  // model takes about the same number of optimiser steps from the base (docs/benchmarks.md, issue 15, fourth session).
  const trainings: Array<{ rows: number; epochs: number }> = [];
  const training = async () => {
    const exportsDir = join(dataDir, "exports", "loop");
    const newest = readdirSync(exportsDir).map((name) => join(exportsDir, name, "manifest.json")).filter((file) => existsSync(file)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    const rows = (JSON.parse(readFileSync(newest, "utf8")) as { counts: { rows: number } }).counts.rows;
    const epochs = settings.epochRule === "constant-steps" && trainings.length > 0 ? Math.max(1, Math.round((settings.epochs * trainings[0].rows) / rows)) : settings.epochs;
    trainings.push({ rows, epochs });
    return { epochs, learningRate: settings.learningRate, corpus: settings.corpus, threads: settings.trainThreads };
  };
  const trainer = createRoundTrainer({ locateTools: async () => tools, training });
  const fixtureDeps = roundsDeps({ dataDir, taskStore, runtime });
  // The prompts each task was sampled with (the same for every model: one template and tokenizer), kept to
  // score every model's choice on dev deterministically (choiceProbability.ts).
  const prompts = new Map<string, ChatMessage[]>();
  let loaded: LocalSamplingBackend | null = null;
  const openModel = async (model: RoundModel) => {
    if (model.kind !== "model") throw new Error("loop bench: local models only");
    const backend = await LocalSamplingBackend.create({ modelPath: model.path, gpu: "cpu", contextSize: 4096, parallelSequences: settings.k, threads: settings.threads });
    const opened = await openedLocalModel({ backend, dataDir, release: () => backend.dispose() });
    loaded = backend;
    console.log(`  sampling from ${model.path.split("/").pop()} with ${backend.settings.threads} thread(s) (${backend.threadChoice.reason})`);
    return { ...opened, backend: withCandidateGrammars(backend, tasks, (entryPoint, messages) => prompts.set(entryPoint, messages)) };
  };
  const deps: RoundsDeps = { ...fixtureDeps, openModel, trainer };

  const store = new RunStore({ dataDir });
  const model: RoundModel = { kind: "model", path: base, loraAdapters: [] };
  await prepareRun({
    store, taskStore, hasTrainer: true,
    // evalN 0: the rounds skip their own dev check, and every model is evaluated on dev the same way below.
    args: { name: "loop", taskSetIds: ["toy"], model, rounds: settings.rounds, k: settings.k, hardN: settings.hardN, hardM: settings.hardM, evalN: 0, fewShot: 0, maxTokens: 512, seed: settings.seed },
  });
  let lastReport = 0;
  const job = {
    signal: new AbortController().signal,
    progress: (done: number, total: number | null) => {
      if (performance.now() - lastReport < 30_000) return;
      lastReport = performance.now();
      console.log(`  … ${done}/${total ?? "?"} (${elapsed()}, load ${load()})`);
    },
  };
  await runRounds({ deps, store, name: "loop", job });
  const run = await store.readRun("loop");

  // The last round's training is not followed by a round: train once more so the third trained model is measured.
  const trainStarted = performance.now();
  const final = await trainer.train({ dataDir, run: "loop", baseModel: model, rounds: run.rounds.map((round) => round.round), signal: job.signal, progress: () => {} });
  const finalTrainMs = performance.now() - trainStarted;

  // Dev pass@1 of every model of the loop (the base, then each round's trained model), the same way for each:
  // n samples per dev task at T = 0.8 through the repair step, with the trace (and without, when asked).
  const models = [...run.rounds.map((round) => round.model), final];
  const evaluations = new EvaluationStore({ dataDir });
  const conditions = process.env.LOOP_NO_TRACE === "1" ? (["next", "none"] as const) : (["next"] as const);
  const devRates: Array<Record<string, Map<string, number>>> = [];
  const choices: Array<Awaited<ReturnType<typeof scoreChoices>>> = [];
  const devTasks = tasks.filter((task) => task.split === "dev");
  const devItems = (): ChoiceItem[] => devTasks.map((task) => {
    const messages = prompts.get(task.entryPoint);
    if (!messages) throw new Error(`loop bench: dev task ${task.id} was not sampled, so its prompt is unknown`);
    const answers = candidateAnswers(task);
    return { taskId: task.id, messages, answers: task.candidates.map((candidate, i) => ({ text: answers[i], isCorrect: candidate.isCorrect })) };
  });
  for (const [index, entry] of models.entries()) {
    const opened = await openModel(entry);
    const id = `loop-dev-${index}`;
    try {
      await runEvaluation({
        deps: { dataDir, taskStore, runner: async () => runtime, sampler: repairSamplerFor({ opened, runtime, traceSettings: defaultRenderSettings, fewShot: 0 }) },
        args: { id, setId: "toy", splits: ["dev"], source: { kind: "model", path: entry.kind === "model" ? entry.path : "", loraAdapters: [] }, n: settings.evalN, ks: [1], temperature: 0.8, traceFormats: [...conditions], seed: settings.seed, maxTokens: 512 },
        backend: opened.backend, job: quiet,
      });
      choices.push(await scoreChoices({ modelFile: entry.kind === "model" ? entry.path : "", model: loaded!.model, items: devItems(), temperature: 0.8 }));
    } finally {
      await opened.release();
    }
    const summary = (await evaluations.readSummary(id)) as EvaluationResult;
    devRates.push(Object.fromEntries(summary.conditions.map((condition) => [condition.traceFormat, new Map(condition.tasks.map((task) => [task.taskId, task.n > 0 ? task.c / task.n : 0]))])));
    console.log(`  dev evaluation of model ${index}: ${elapsed()}`);
  }

  // The table: dev pass@1 of each model, a 95 % interval over tasks, and the paired difference from the base.
  const interval = (values: number[]) => pairedBootstrap({ differences: values, resamples: 2000, seed: 1, confidence: 0.95 });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`\ndev pass@1 (${devIds.length} tasks, n=${settings.evalN} each, T=0.8; [95 % bootstrap interval over tasks]; Δ: paired difference from the base)`);
  for (const [index, rates] of devRates.entries()) {
    const cells = conditions.map((condition) => {
      const values = devIds.map((id) => rates[condition].get(id) ?? 0);
      const ci = interval(values);
      const diffs = devIds.map((id) => (rates[condition].get(id) ?? 0) - (devRates[0][condition].get(id) ?? 0));
      const deltaCi = interval(diffs);
      const delta = index === 0 ? "" : ` Δ ${mean(diffs) >= 0 ? "+" : ""}${percent(mean(diffs))} [${percent(deltaCi.low)}, ${percent(deltaCi.high)}]`;
      return `${condition === "none" ? "no trace" : "trace"} ${percent(mean(values))} [${percent(ci.low)}, ${percent(ci.high)}]${delta}`;
    });
    const round = run.rounds[index];
    const trainedOn = index === 0 ? "" : `; trained on ${trainings[index - 1]?.rows} rows, ${trainings[index - 1]?.epochs} epochs`;
    const facts = (round ? `; round ${round.round} sampled from it: hard set ${round.hardSet?.length ?? 0}, kept ${(await store.readSamples("loop", round.round)).filter((s) => s.kept).length}, ${seconds(round.actualMs)}` : `; trained in ${seconds(finalTrainMs)}`) + trainedOn;
    console.log(`  ${(index === 0 ? "base model" : `after round ${index} training`).padEnd(24)} ${cells.join("  |  ")}${facts}`);
  }
  // Deterministic: no sampling noise, so it separates models whose pass@1 intervals overlap.
  console.log(`\ndev P(correct edit | prompt), ${devTasks.length} tasks: grammar-constrained at T=0.8 (what sampling draws, without top-k/top-p) and sequence log-probs over the candidates at T=1; uniform ${percent(choices[0].uniform)}`);
  for (const [index, choice] of choices.entries()) {
    console.log(`  ${(index === 0 ? "base model" : `after round ${index} training`).padEnd(24)} grammar ${percent(choice.grammar)}  sequence ${percent(choice.sequence)}`);
  }
  console.log(`\nwall time ${elapsed()} (goal: at most 20 min); load ${load()}`);
} finally {
  await runtime.dispose();
  await disposeLlamas();
}
