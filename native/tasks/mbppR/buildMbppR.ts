import { appendFile, mkdir, readFile } from "node:fs/promises";
import { readVersioned, storeSchemas, withSchema } from "../../storage/schemaVersion.js";
import path from "node:path";
import type { RepairTask, TaskValidation } from "../../api/taskTypes.js";
import type { MbppRBuildSettings } from "../../api/tasksApi.js";
import type { JobContext } from "../../common/jobs.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import type { SamplingBackend } from "../../sampling/SamplingBackend.js";
import { canonicalJson } from "../common/canonicalJson.js";
import { normalizePython } from "../contamination/normalizePython.js";
import { hashTaskContent } from "../hashTaskContent.js";
import type { TaskStore } from "../TaskStore.js";
import { runTaskTests } from "../validation/runTaskTests.js";
import { testCount } from "../validation/buildExecRequest.js";
import type { PythonRunner } from "../validation/PythonRunner.js";
import { extractProgram, mbppPrompt, mbppStop } from "./mbppPrompt.js";

/** Verdicts that make a sampled program a repair task: it runs and is wrong. Syntax errors, a missing
 * function and sandbox violations are not bugs to reason about by execution, so they are not kept. */
const keptVerdicts = new Set(["fail", "error", "timeout", "memory", "output_limit"]);

export interface MbppRSummary {
  setId: "mbpp-r";
  problems: number;
  skippedDone: number;
  sampled: number;
  kept: number;
  byVerdict: Record<string, number>;
  settings: Record<string, unknown>;
}

/**
 * Our reconstruction of NExT's Mbpp-R (not released): for each MBPP training/dev problem, sample k solutions
 * with the user's model, run them against the problem's tests, keep distinct failing ones (dedup on
 * normalised code, at most `perProblemCap` per problem) as repair tasks with the problem's reference and split.
 * Every problem's outcome is appended to `tasks/mbpp-r/progress.jsonl` keyed by problem and settings, so a
 * rerun resumes where it stopped. Test-range problems are refused (they must never reach a training set).
 */
export async function buildMbppR(options: MbppRBuildSettings & {
  store: TaskStore;
  runtime: PythonRunner;
  job: JobContext;
  /** A backend to sample with; default: a LocalSamplingBackend on modelPath, disposed at the end. */
  backend?: SamplingBackend;
  /** GBNF constraining completions (tests force known programs with it). Default: none. */
  grammar?: string;
}): Promise<MbppRSummary> {
  const { store, runtime, job, modelPath, problemSetId = "mbpp", splits = ["train", "dev"], k = 8, temperature = 0.8, maxTokens = 384, perProblemCap = 4, seed = 1, limit, grammar } = options;
  const refused = splits.filter((split) => split === "test" || split === "prompt");
  if (refused.length > 0) throw new InvalidInputError(`Mbpp-R is training data: split(s) ${refused.join(", ")} may not be used (MBPP ids 1-510 are prompt/test).`, { field: "splits" });
  for (const [field, value] of Object.entries({ k, maxTokens, perProblemCap })) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(`Field "${field}" must be a positive integer, got ${value}.`, { field });
  }
  store.getSet(problemSetId);
  const problems = [...(await store.tasksOf(problemSetId)).values()]
    .filter((task) => task.kind === "problem" && task.reference && splits.includes(task.split))
    .sort((a, b) => problemNumber(a) - problemNumber(b))
    .slice(0, limit);
  const settings = { model: path.basename(modelPath), problemSetId, k, temperature, maxTokens, perProblemCap, seed, prompt: "mbpp-austin-2021", grammar: grammar ? "custom" : null };
  const settingsKey = canonicalJson(settings);
  const set = await store.ensureSet({ id: "mbpp-r", name: "Mbpp-R (reconstructed)", format: "mbpp-r", licence: "CC-BY-4.0", files: [] });
  const progressFile = path.join(store.rootDir, "mbpp-r", "progress.jsonl");
  await mkdir(path.dirname(progressFile), { recursive: true });
  const done = await readDone(progressFile, settingsKey);
  const summary: MbppRSummary = { setId: "mbpp-r", problems: problems.length, skippedDone: 0, sampled: 0, kept: 0, byVerdict: {}, settings };
  const backend = options.backend ?? (await (await import("../../sampling/LocalSamplingBackend.js")).LocalSamplingBackend.create({ modelPath, signal: job.signal }));
  try {
    job.progress(0, problems.length);
    for (const [index, problem] of problems.entries()) {
      job.signal.throwIfAborted();
      if (done.has(problem.id)) {
        summary.skippedDone += 1;
        job.progress(index + 1);
        continue;
      }
      const result = await backend.sample({ prompt: mbppPrompt(problem), k, temperature, maxTokens, seed: seed + 1000 * problemNumber(problem), stop: mbppStop, grammar }, { signal: job.signal });
      job.signal.throwIfAborted();
      const seen = new Set<string>();
      const tasks: RepairTask[] = [];
      const validations: TaskValidation[] = [];
      for (const completion of result.completions) {
        summary.sampled += 1;
        const program = extractProgram(completion.text);
        const key = normalizePython(program).join(" ");
        if (seen.has(key)) continue;
        seen.add(key);
        const verdict = await runTaskTests({ runtime, task: problem, program, signal: job.signal });
        summary.byVerdict[verdict.verdict] = (summary.byVerdict[verdict.verdict] ?? 0) + 1;
        if (!keptVerdicts.has(verdict.verdict) || tasks.length >= perProblemCap) continue;
        const sourceId = `${problem.provenance.sourceId}-s${completion.seed}`;
        const content = { kind: "repair" as const, description: problem.description, prompt: null, buggyProgram: program, reference: problem.reference, entryPoint: problem.entryPoint, tests: problem.tests, bugType: null };
        const contentHash = hashTaskContent(content);
        const task: RepairTask = {
          ...content, id: `mbpp-r/${sourceId}`, setId: "mbpp-r", split: problem.split, contentHash, importedAt: new Date().toISOString(),
          provenance: { format: "mbpp-r", file: "", sourceId, licence: "CC-BY-4.0", derivedFrom: { ...settings, problemId: problem.id, backend: backend.id, sampleSeed: completion.seed } },
        };
        tasks.push(task);
        validations.push({
          taskId: task.id, contentHash, status: "valid", reason: null, detail: null, referenceVerdict: "pass", buggyVerdict: verdict.verdict,
          failingTests: verdict.failing.slice(0, 50), failingCount: verdict.failing.length, testCount: testCount(problem.tests), firstFailure: verdict.firstFailure,
          validatedAt: new Date().toISOString(),
        });
      }
      const existing = await store.tasksOf(set.id);
      await store.appendTasks(set.id, tasks.filter((task) => existing.get(task.id)?.contentHash !== task.contentHash));
      await store.appendValidations(set.id, validations);
      summary.kept += tasks.length;
      // Written last: a problem counts as done only once its tasks are stored.
      await appendFile(progressFile, JSON.stringify(withSchema({ problemId: problem.id, settingsKey, kept: tasks.length, sampled: result.completions.length }, storeSchemas.mbppRProgress)) + "\n");
      job.progress(index + 1);
    }
  } finally {
    await store.refreshCounts(set.id);
    if (!options.backend) await backend.dispose();
  }
  return summary;
}

function problemNumber(task: RepairTask): number {
  return Number(/(\d+)$/.exec(task.provenance.sourceId)?.[1] ?? 0);
}

async function readDone(file: string, settingsKey: string): Promise<Set<string>> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const done = new Set<string>();
  for (const [index, line] of text.split("\n").entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue; // A torn last line: that problem is simply redone.
    }
    const record = readVersioned<{ problemId: string; settingsKey: string }>(parsed, { schema: storeSchemas.mbppRProgress, file, line: index + 1 });
    if (record?.settingsKey === settingsKey) done.add(record.problemId);
  }
  return done;
}
