import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { ConditionResult, EvaluateArgs, EvaluationComparison, EvaluationInfo, EvaluationResult, EvaluationSource, EvaluationTraceFormat, JobState, TaskSplit } from "../../../api/index.js";
import type { Core } from "../../../core/createCore.js";
import { logProgressWhenPiped } from "../describeJobLine.js";
import { awaitJob } from "../awaitJob.js";
import { ExitCode } from "../exitCodes.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";
import { reportKeepAwake } from "./reportKeepAwake.js";
import { readSourceFile } from "./readSourceFile.js";

const splits: TaskSplit[] = ["train", "dev", "test", "prompt"];
const traceFormats: EvaluationTraceFormat[] = ["next", "scratchpad", "none"];

/** A comma list of choices ("dev,test"), refused as a usage error when any item is not one of them. */
function choiceList<T extends string>(choices: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(",").map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !choices.includes(item as T));
    if (items.length === 0 || bad.length > 0) throw new InvalidArgumentError(`must be one or more of ${choices.join(", ")}, comma-separated.`);
    return [...new Set(items)] as T[];
  };
}

/** A comma list of integers >= 1 ("1,5,10"). */
function kList(value: string): number[] {
  const items = value.split(",").map((item) => item.trim());
  const ks = items.map(Number);
  if (items.some((item) => item === "") || ks.some((k) => !Number.isSafeInteger(k) || k < 1)) throw new InvalidArgumentError("must be integers >= 1, comma-separated (e.g. 1,5).");
  return ks;
}

const percent = (value: number | null | undefined) => (value === null || value === undefined ? "  n/a" : `${(value * 100).toFixed(1).padStart(5)}%`);

function describeCondition(condition: ConditionResult): string[] {
  const lines = [`${condition.id}: ${Object.entries(condition.passAtK).map(([k, value]) => `pass@${k} ${percent(value).trim()}`).join("  ")}  (${condition.tasks.length} task(s))`];
  lines.push(`  verdicts: ${Object.entries(condition.verdicts).map(([verdict, count]) => `${verdict} ${count}`).join(", ") || "none"}`);
  for (const [bugType, group] of Object.entries(condition.byBugType)) lines.push(`  ${bugType.padEnd(16)} ${String(group.tasks).padStart(4)} task(s)  ${Object.entries(group.passAtK).map(([k, value]) => `pass@${k} ${percent(value)}`).join("  ")}`);
  if (condition.checkScore.mean !== null) lines.push(`  mean trace-check score ${condition.checkScore.mean.toFixed(3)} over ${condition.checkScore.samples} sample(s)`);
  for (const refused of condition.refusedK) lines.push(`  pass@${refused.k} refused for ${refused.taskIds.length} task(s) with n < ${refused.k}: ${refused.taskIds.slice(0, 5).join(", ")}${refused.taskIds.length > 5 ? ", …" : ""}`);
  return lines;
}

function describeResult(result: EvaluationResult): string {
  const lines = [`evaluation ${result.evaluationId} on ${result.config.setId}${result.isComplete ? "" : " (incomplete: run the same command again to resume)"}`];
  for (const condition of result.conditions) lines.push(...describeCondition(condition));
  if (result.missing.length > 0) lines.push(`missing (no samples, not averaged): ${result.missing.length} task(s): ${result.missing.slice(0, 8).join(", ")}${result.missing.length > 8 ? ", …" : ""}`);
  for (const skipped of result.skipped) lines.push(`skipped line ${skipped.line}: ${skipped.reason}`);
  return lines.join("\n");
}

function describeComparison(comparison: EvaluationComparison): string {
  const lines = [
    `pass@${comparison.k} over ${comparison.pairedTasks} paired task(s): base ${percent(comparison.base).trim()} (${comparison.baseId} ${comparison.condition.base}), other ${percent(comparison.other).trim()} (${comparison.otherId} ${comparison.condition.other})`,
  ];
  if (comparison.difference !== null && comparison.interval) {
    lines.push(`difference ${(comparison.difference * 100).toFixed(1)} points, ${Math.round(comparison.interval.confidence * 100)}% CI [${(comparison.interval.low * 100).toFixed(1)}, ${(comparison.interval.high * 100).toFixed(1)}] (paired bootstrap, ${comparison.interval.resamples} resamples, seed ${comparison.interval.seed})`);
  }
  if (comparison.onlyInBase.length + comparison.onlyInOther.length > 0) lines.push(`not paired: ${comparison.onlyInBase.length} only in base, ${comparison.onlyInOther.length} only in other`);
  return lines.join("\n");
}

interface EvalOptions {
  tasks?: string;
  split?: TaskSplit[];
  model?: string;
  lora?: string[];
  engine?: string;
  engineModel?: string;
  samples?: string;
  n?: number;
  k?: number[];
  trace?: EvaluationTraceFormat[];
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  fewShot?: number;
  grammarFile?: string;
  contextSize?: number;
  threads?: number;
  gpu?: "auto" | "cpu";
  rationalesFrom?: string;
  includeInvalid?: boolean;
  id?: string;
}

export function registerEvalCommand(program: Command, globals: () => GlobalOptions): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const evalCommand = program
    .command("eval")
    .description("evaluate a model, an engine or a samples file on a task set: pass@k (unbiased estimator) with breakdowns; resumable")
    .option("--tasks <set>", "task set id (required)")
    .option("--split <splits>", "splits to evaluate, comma-separated (default: every split except train and prompt)", choiceList(splits))
    .addOption(new Option("--model <file>", "GGUF model to sample through the repair step").conflicts(["engine", "samples"]))
    .option("--lora <file>", "LoRA adapter for --model (repeatable)", collect)
    .addOption(new Option("--engine <url>", "OpenAI-compatible serving engine (loopback unless allowed in Settings)").conflicts(["model", "samples"]))
    .option("--engine-model <name>", "the model to ask the engine for (default: the first id from GET /v1/models)")
    .addOption(new Option("--samples <file>", 'EvalPlus-style JSONL: {"task_id", "completion"} or {"task_id", "solution"} per line').conflicts(["model", "engine"]))
    .option("--n <n>", "samples per task for a model or engine (default 8)", optionValue.integer({ min: 1, max: 10_000 }))
    .option("--k <ks>", "the k of pass@k, comma-separated (default 1,5)", kList)
    .option("--trace <formats>", "trace in the prompt: next, scratchpad or none; several (next,none) are evaluated side by side (default next)", choiceList(traceFormats))
    .option("--temperature <t>", "sampling temperature (default 0.8)", optionValue.number({ min: 0, max: 2 }))
    .option("--seed <seed>", "base seed (default 1)", optionValue.integer({ min: 0 }))
    .option("--max-tokens <n>", "token budget of one completion (default: the repair setting)", optionValue.integer({ min: 1 }))
    .option("--few-shot <n>", "worked exemplars in the prompt, 0-3 (default: the repair setting)", optionValue.integer({ min: 0, max: 3 }))
    .option("--grammar-file <file>", "GBNF grammar every completion must follow")
    .option("--context-size <n>", "--model: tokens per sequence (default 4096)", optionValue.integer({ min: 256 }))
    .option("--threads <n>", "--model: evaluation threads (default: physical cores)", optionValue.integer({ min: 1 }))
    .addOption(new Option("--gpu <gpu>", "--model: auto or cpu (default auto)").choices(["auto", "cpu"]))
    .option("--rationales-from <evaluation>", "proxy evaluation: give this evaluation's rationales as hints; each trace format runs with and without them")
    .option("--include-invalid", "evaluate tasks that did not validate too")
    .option("--id <id>", "the evaluation's id (default: a hash of the settings, so the same command resumes)")
    .action(async (options: EvalOptions) => {
      // Not a commander requiredOption: that would be demanded of the subcommands (eval list, show, compare) too.
      if (!options.tasks) {
        process.stderr.write("error: required option '--tasks <set>' not specified\n");
        process.exitCode = ExitCode.usage;
        return;
      }
      if (!options.samples && !options.model && !options.engine) {
        process.stderr.write("error: eval needs one of --model, --engine or --samples\n");
        process.exitCode = ExitCode.usage;
        return;
      }
      const setId = options.tasks;
      await runWithCore(globals(), async (core) => {
        // Paths are made absolute here: the command may run in a host (tracetune serve) with another cwd.
        const source: EvaluationSource = options.samples ? { kind: "samples", file: path.resolve(options.samples) }
          : options.model ? { kind: "model", path: path.resolve(options.model), ...(options.lora ? { loraAdapters: options.lora.map((file) => path.resolve(file)) } : {}) }
          : { kind: "engine", engine: { url: options.engine!, ...(options.engineModel ? { model: options.engineModel } : {}) } };
        const args: EvaluateArgs = {
          setId, source, ...(options.split ? { splits: options.split } : {}), ...(options.n !== undefined ? { n: options.n } : {}),
          ...(options.k ? { ks: options.k } : {}), ...(options.trace ? { traceFormats: options.trace } : {}), ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
          ...(options.fewShot !== undefined ? { fewShot: options.fewShot } : {}),
          ...(options.grammarFile ? { grammar: readSourceFile({ path: options.grammarFile, option: "--grammar-file" }) } : {}),
          ...(options.rationalesFrom ? { rationalesFrom: options.rationalesFrom } : {}), ...(options.includeInvalid ? { includeInvalid: true } : {}), ...(options.id ? { id: options.id } : {}),
        };
        if (source.kind === "model") {
          // Loaded here with the command's settings (and its progress shown); the evaluation reuses the loaded model.
          const load = await core.api.loadModel({ path: source.path, loraAdapters: source.loraAdapters, gpu: options.gpu, contextSize: options.contextSize, threads: options.threads });
          if ((await awaitJob(core, load.jobId)).state.status === "cancelled") return ExitCode.cancelled;
        }
        // Listening before the job starts: the keep-awake state changes as the job is created.
        const stopPowerReport = reportKeepAwake(core, "evaluation");
        const { jobId } = await core.api.evaluate(args).catch((error: unknown) => {
          stopPowerReport();
          throw error;
        });
        const stopLogging = logProgressWhenPiped(core, jobId);
        let state: JobState;
        let result: EvaluationResult | null;
        try {
          ({ state, result } = (await awaitJob(core, jobId)) as { state: JobState; result: EvaluationResult | null });
        } finally {
          stopLogging();
          stopPowerReport();
        }
        if (state.status === "cancelled") {
          // The summary of what was done is on disk; the same command resumes.
          process.stderr.write("tracetune: cancelled; run the same command again to resume\n");
          return ExitCode.cancelled;
        }
        printResult(globals(), result, () => describeResult(result!));
        if (result!.conditions.every((condition) => condition.tasks.length === 0)) {
          process.stderr.write("tracetune: nothing could be scored (no sample names a task of the evaluation)\n");
          return ExitCode.invalidInput;
        }
        return ExitCode.ok;
      });
    });

  evalCommand
    .command("list")
    .description("stored evaluations, newest first")
    .action(async () => {
      await runWithCore(globals(), async (core) => {
        const list: EvaluationInfo[] = await core.api.listEvaluations();
        printResult(globals(), list, () => list.map((info) => `${info.id}  ${info.setId}  ${info.source.kind}  ${info.conditions.join(",")}  ${info.samples} sample(s)  ${info.passAtK ? Object.entries(info.passAtK).map(([k, v]) => `pass@${k} ${percent(v).trim()}`).join(" ") : ""}${info.isComplete ? "" : "  (incomplete)"}`).join("\n") || "no evaluations yet");
      });
    });

  evalCommand
    .command("show")
    .description("an evaluation's summary")
    .argument("<id>")
    .option("--k <ks>", "re-score from the stored samples with these k (no sampling)", kList)
    .action(async (id: string, options: { k?: number[] }) => {
      // commander hands an option both levels declare to the parent (eval) wherever it stands.
      const ks = options.k ?? evalCommand.opts<EvalOptions>().k;
      await runWithCore(globals(), async (core) => {
        const result = ks ? await core.api.rescoreEvaluation({ id, ks }) : await core.api.getEvaluation({ id });
        printResult(globals(), result, () => describeResult(result));
      });
    });

  evalCommand
    .command("compare")
    .description("compare two evaluations (base vs other) on pass@k with a paired bootstrap confidence interval")
    .argument("<base>")
    .argument("<other>")
    .option("--k <k>", "which pass@k (default: the smallest k both have)", kList)
    .option("--base-condition <id>", "the base's condition, e.g. next or none (default: its first)")
    .option("--other-condition <id>", "the other's condition (default: its first)")
    .option("--resamples <n>", "bootstrap resamples (default 10000)", optionValue.integer({ min: 100, max: 1_000_000 }))
    .option("--seed <seed>", "bootstrap seed (default 1)", optionValue.integer({ min: 0 }))
    .action(async (baseId: string, otherId: string, options: { k?: number[]; baseCondition?: string; otherCondition?: string; resamples?: number; seed?: number }) => {
      const [k] = options.k ?? evalCommand.opts<EvalOptions>().k ?? [];
      const seed = options.seed ?? evalCommand.opts<EvalOptions>().seed;
      await runWithCore(globals(), async (core) => {
        const comparison = await core.api.compareEvaluations({ baseId, otherId, ...options, k, seed });
        printResult(globals(), comparison, () => describeComparison(comparison));
      });
    });
}
