import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { JobState, RoundModel, RoundRunArgs, RoundRunStatus, RoundTraceFormat, RoundVerifyReport } from "../../../api/index.js";
import type { Core } from "../../../core/createCore.js";
import { logProgressWhenPiped } from "../describeJobLine.js";
import { awaitJob } from "../awaitJob.js";
import { ExitCode } from "../exitCodes.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";
import { readSourceFile } from "./readSourceFile.js";
import { reportKeepAwake } from "./reportKeepAwake.js";

interface ModelOptions {
  model?: string;
  lora?: string[];
  engine?: string;
  engineModel?: string;
}

interface RunOptions extends ModelOptions {
  tasks?: string[];
  k?: number;
  hardN?: number;
  hardM?: number;
  maxTasks?: number;
  rounds?: number;
  evalN?: number;
  temperature?: number;
  trace?: RoundTraceFormat;
  keptPerTask?: number;
  nearDuplicate?: number;
  minCheckScore?: number;
  fewShot?: number;
  maxTokens?: number;
  seed?: number;
  grammarFile?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A comma list of task set ids ("demo,mine"). */
function setList(value: string): string[] {
  const items = value.split(",").map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError("must name one or more task sets, comma-separated.");
  return [...new Set(items)];
}

/** --model [--lora …] or --engine [--engine-model], paths made absolute (the core may run with another cwd). */
function modelFrom(options: ModelOptions): RoundModel | null {
  if (options.model) return { kind: "model", path: path.resolve(options.model), loraAdapters: (options.lora ?? []).map((file) => path.resolve(file)) };
  if (options.engine) return { kind: "engine", engine: { url: options.engine, ...(options.engineModel ? { model: options.engineModel } : {}) } };
  return null;
}

function usage(message: string): number {
  process.stderr.write(`error: ${message}\n`);
  return ExitCode.usage;
}

const describeModel = (model: RoundModel) => (model.kind === "model" ? `${path.basename(model.path)}${model.loraAdapters.length > 0 ? ` + ${model.loraAdapters.map((file) => path.basename(file)).join(" + ")}` : ""}` : `${model.engine.url}${model.engine.model ? ` (${model.engine.model})` : ""}`);

function describeStatus(status: RoundRunStatus): string {
  const lines = [`run ${status.name}: ${status.state}${status.error ? ` (${status.error.message})` : ""}; ${status.rounds.filter((round) => round.stage === "done").length}/${status.targetRounds} round(s) done; model ${describeModel(status.currentModel)}`];
  for (const round of status.rounds) {
    const dev = round.devCheck ? `; dev pass@1 ${fmt(round.devCheck.passAt1.trace)} with trace, ${fmt(round.devCheck.passAt1.noTrace)} without` : "";
    lines.push(`  round ${round.round} [${round.stage}]: hard set ${round.hardSet ?? "?"} of ${round.candidates} task(s), samples ${round.samplesWritten}/${round.samplesExpected ?? "?"}, kept ${round.kept}${dev}; ${Math.round(round.actualMs / 1000)} s`);
  }
  return lines.join("\n");
}

const fmt = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(1)}%`);

/** Waits for a rounds job; Ctrl-C cancels it (the run is left paused: resumable). Prints the run's status. */
async function followRun(core: Core, globals: GlobalOptions, name: string, jobId: string): Promise<number> {
  const stopLogging = logProgressWhenPiped(core, jobId);
  const stopPowerReport = reportKeepAwake(core, "round");
  let state: JobState;
  try {
    ({ state } = await awaitJob(core, jobId));
  } finally {
    stopLogging();
    stopPowerReport();
  }
  const status = await core.api.getRoundRun({ name });
  if (state.status === "cancelled") {
    process.stderr.write(`tracetune: cancelled; run ${name} is paused: \`tracetune round resume ${name}\` continues it\n`);
    if (globals.json) printResult(globals, status, () => "");
    return ExitCode.cancelled;
  }
  printResult(globals, status, () => describeStatus(status));
  return ExitCode.ok;
}

export function registerRoundCommands(program: Command, globals: () => GlobalOptions): void {
  const round = program.command("round").description("self-training rounds (NExT): hard set, k samples per hard task with the trace, keep passing fixes with receipts, dev check; resumable");

  round
    .command("run")
    .description("run the next round(s) of NAME, creating it when new; the same settings resume it, different ones exit 3 naming the setting")
    .argument("<name>", "the run's name (letters, digits, . _ -)")
    .requiredOption("--tasks <sets>", "task set(s) whose training tasks the run uses, comma-separated", setList)
    .addOption(new Option("--model <file>", "the base model (GGUF)").conflicts(["engine"]))
    .option("--lora <file>", "LoRA adapter for --model (repeatable)", collect)
    .addOption(new Option("--engine <url>", "OpenAI-compatible serving engine (loopback unless allowed in Settings)").conflicts(["model"]))
    .option("--engine-model <name>", "the model to ask the engine for (default: the first id from GET /v1/models)")
    .option("--k <n>", "candidates per hard task (default 32)", optionValue.integer({ min: 1, max: 10_000 }))
    .option("--hard-n <n>", "samples per task for the hard-set pass@1 estimate (default 32)", optionValue.integer({ min: 1, max: 10_000 }))
    .option("--hard-m <m>", "a task is hard when its estimated pass@1 is below m (default 0.1)", optionValue.number({ min: 0, max: 1 }))
    .option("--max-tasks <n>", "use this many training tasks, a seeded shuffle (default: all)", optionValue.integer({ min: 1 }))
    .option("--rounds <n>", "run until this many rounds are done; above 1 trains between rounds and needs a trainer (default 1)", optionValue.integer({ min: 1, max: 1000 }))
    .option("--eval-n <n>", "samples per dev task for the end-of-round check, with and without trace; 0 skips it (default 8)", optionValue.integer({ min: 0, max: 10_000 }))
    .option("--temperature <t>", "sampling temperature (default 0.8)", optionValue.number({ min: 0, max: 2 }))
    .addOption(new Option("--trace <format>", "trace in the prompt (default next)").choices(["next", "scratchpad", "none"]))
    .option("--kept-per-task <n>", "kept samples per task and round, at most (default 3)", optionValue.integer({ min: 1 }))
    .option("--near-duplicate <t>", "similarity at or above which a sample is a near duplicate of a kept one (default 0.9)", optionValue.number({ min: 0, max: 1 }))
    .option("--min-check-score <s>", "minimum trace-check score of a kept sample (default: none)", optionValue.number({ min: 0, max: 1 }))
    .option("--few-shot <n>", "worked exemplars in the prompt, 0-3 (default 1)", optionValue.integer({ min: 0, max: 3 }))
    .option("--max-tokens <n>", "token budget of one completion (default 512)", optionValue.integer({ min: 1 }))
    .option("--seed <n>", "the run's seed (default 1)", optionValue.integer({ min: 0, max: 2 ** 31 - 1 }))
    .option("--grammar-file <file>", "GBNF grammar every completion must follow (tests)")
    .action(async (name: string, options: RunOptions) => {
      const model = modelFrom(options);
      if (!model) {
        process.exitCode = usage("round run needs --model or --engine");
        return;
      }
      await runWithCore(globals(), async (core) => {
        const args: RoundRunArgs = {
          name, taskSetIds: options.tasks!, model, k: options.k, hardN: options.hardN, hardM: options.hardM, maxTasks: options.maxTasks, rounds: options.rounds,
          evalN: options.evalN, temperature: options.temperature, traceFormat: options.trace, keptPerTask: options.keptPerTask,
          nearDuplicateThreshold: options.nearDuplicate, minCheckScore: options.minCheckScore, fewShot: options.fewShot, maxTokens: options.maxTokens, seed: options.seed,
          ...(options.grammarFile ? { grammar: readSourceFile({ path: options.grammarFile, option: "--grammar-file" }) } : {}),
        };
        const { jobId } = await core.api.runRounds(args);
        return followRun(core, globals(), name, jobId);
      });
    });

  round
    .command("resume")
    .description("resume a run with its own settings (after Ctrl-C, a crash or a kill)")
    .argument("<name>")
    .action(async (name: string) => {
      await runWithCore(globals(), async (core) => followRun(core, globals(), name, (await core.api.resumeRounds({ name })).jobId));
    });

  round
    .command("pause")
    .description("pause a run wherever it runs (this machine's app, `serve` or another CLI process): it stops after the sample in flight; prints its status")
    .argument("<name>")
    .action(async (name: string) => {
      await runWithCore(globals(), async (core) => {
        const status = await core.api.pauseRounds({ name });
        printResult(globals(), status, () => describeStatus(status));
        return status.state === "running" ? ExitCode.negative : ExitCode.ok;
      });
    });

  round
    .command("status")
    .description("a run's state and per-round counts: hard set, samples expected and written, kept, model")
    .argument("<name>")
    .action(async (name: string) => {
      await runWithCore(globals(), async (core) => {
        const status = await core.api.getRoundRun({ name });
        printResult(globals(), status, () => describeStatus(status));
      });
    });

  round
    .command("list")
    .description("every stored run")
    .action(async () => {
      await runWithCore(globals(), async (core) => {
        const runs = await core.api.listRoundRuns();
        printResult(globals(), runs, () => runs.map(describeStatus).join("\n") || "no runs yet");
      });
    });

  round
    .command("samples")
    .description("a run's repair samples, one JSON object a line (JSON Lines), in file order")
    .argument("<name>")
    .option("--kept", "only the kept samples (the training set)")
    .option("--round <n>", "only this round (default: every round)", optionValue.integer({ min: 1 }))
    .action(async (name: string, options: { kept?: boolean; round?: number }) => {
      await runWithCore(globals(), async (core) => {
        // Paged, so a round of tens of thousands of samples streams instead of being built as one string.
        const pageSize = 1000;
        for (let offset = 0; ; offset += pageSize) {
          const { total, samples } = await core.api.listRoundSamples({ name, ...(options.kept ? { kept: true } : {}), ...(options.round ? { round: options.round } : {}), offset, limit: pageSize });
          for (const sample of samples) {
            process.stdout.write(globals().json ? JSON.stringify(sample) + "\n" : `round ${sample.round}  ${sample.taskId}  #${sample.sampleIndex}  ${sample.verdict.padEnd(19)} ${sample.kept ? "kept" : `dropped (${sample.droppedReason})`}\n`);
          }
          if (offset + pageSize >= total) break;
        }
      });
    });

  round
    .command("set-model")
    .description("set the model the run's next round uses (after training, or by hand)")
    .argument("<name>")
    .addOption(new Option("--model <file>", "GGUF model").conflicts(["engine"]))
    .option("--lora <file>", "LoRA adapter for --model (repeatable)", collect)
    .addOption(new Option("--engine <url>", "OpenAI-compatible serving engine").conflicts(["model"]))
    .option("--engine-model <name>", "the model to ask the engine for")
    .action(async (name: string, options: ModelOptions) => {
      const model = modelFrom(options);
      if (!model) {
        process.exitCode = usage("round set-model needs --model or --engine");
        return;
      }
      await runWithCore(globals(), async (core) => {
        const status = await core.api.setRoundModel({ name, model });
        printResult(globals(), status, () => `run ${name}: the next round uses ${describeModel(status.currentModel)}`);
      });
    });

  round
    .command("verify")
    .description("re-run the kept samples against their receipts; exit 1 when a verdict changed")
    .argument("<name>")
    .option("--round <n>", "only this round (default: every round)", optionValue.integer({ min: 1 }))
    .action(async (name: string, options: { round?: number }) => {
      await runWithCore(globals(), async (core) => {
        const { jobId } = await core.api.verifyRoundRun({ name, ...(options.round ? { round: options.round } : {}) });
        const { state, result } = await awaitJob(core, jobId);
        if (state.status === "cancelled") return ExitCode.cancelled;
        const report = result as RoundVerifyReport;
        printResult(globals(), report, () => [`${report.checked} kept sample(s) re-run; ${report.changed.length} changed`, ...report.changed.map((change) => `  round ${change.round} ${change.taskId} #${change.sampleIndex}: ${change.reason}`)].join("\n"));
        return report.changed.length === 0 ? ExitCode.ok : ExitCode.negative;
      });
    });

  round
    .command("delete")
    .description("delete a run's folder (its samples and state)")
    .argument("<name>")
    .action(async (name: string) => {
      await runWithCore(globals(), async (core) => {
        const result = await core.api.deleteRoundRun({ name });
        printResult(globals(), result, () => (result.isDeleted ? `deleted run ${name}` : `no run ${name}`));
      });
    });
}
