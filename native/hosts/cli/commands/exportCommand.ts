import { readFile } from "node:fs/promises";
import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { ExportManifest, ExportOptions } from "../../../api/index.js";
import { parseRoundList } from "../../../export/common/parseRoundList.js";
import { awaitJobResult } from "../awaitJob.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";

function roundList(value: string): number[] {
  try {
    return parseRoundList(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function describeExport(manifest: ExportManifest): string {
  const { counts, template, split } = manifest;
  return [
    `Exported run ${manifest.run}, round(s) ${manifest.rounds.join(", ")}, to ${manifest.options.out}`,
    `  rows     ${counts.rows} of ${counts.kept} kept sample(s): ${counts.train} train, ${counts.valid} valid (tasks: ${split.trainTaskIds.length} train, ${split.validTaskIds.length} valid)`,
    `  template ${template.id}${template.isFallback ? " (ChatML fallback; token counts estimated)" : ""}`,
    `  tokens   train mean ${manifest.tokens.train.mean}, max ${manifest.tokens.train.max}; ${counts.overLength} row(s) over ${manifest.overLength.maxTokens} (${manifest.overLength.policy === "exclude" ? "left out" : "kept"})`,
    ...(manifest.contamination.contaminatedTaskIds.length > 0 ? [`  left out ${manifest.contamination.contaminatedTaskIds.length} task(s) that duplicate a dev/test task: ${manifest.contamination.contaminatedTaskIds.slice(0, 5).join(", ")}`] : []),
    `  trainers ${manifest.trainers.map((recipe) => `${recipe.trainer} ${recipe.version}`).join(", ")} (trainers/README.md), llama-finetune (llamacpp/corpus.txt)`,
  ].join("\n");
}

export function registerExportCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("export")
    .description("write a training set from a run's kept samples: messages, prompt-completion and llama.cpp corpus files, trainer recipes and manifest.json")
    .requiredOption("--run <name>", "the run whose rounds are exported")
    .option("--rounds <list>", "rounds to take kept samples from: 2, 1-3 or 1,3 (default: every round)", roundList)
    .option("--model <file>", "the base GGUF to be trained: its chat template renders the corpus and its tokenizer counts tokens (default: the rounds' model file)")
    .requiredOption("--out <dir>", "the export directory (created; must be empty or absent)")
    .option("--no-trace", "leave the execution trace out of the prompts (rebuilt as trace format \"none\")")
    .option("--max-tokens <n>", "longest row in tokens (default: the model's context length, else 4096)", optionValue.integer({ min: 1 }))
    .addOption(new Option("--over-length <policy>", "rows over --max-tokens: leave them out or keep them (both are listed)").choices(["exclude", "keep"]).default("exclude"))
    .option("--system-prompt <text>", "a system message put first in every row (replaces the prompt's own)")
    .option("--valid-ratio <x>", "share of tasks held out for validation, by task (default: 0.1; frozen per run once set)", optionValue.number({ min: 0, max: 0.9 }))
    .action(async (options: { run: string; rounds?: number[]; model?: string; out: string; trace: boolean; maxTokens?: number; overLength: "exclude" | "keep"; systemPrompt?: string; validRatio?: number }) => {
      await runWithCore(globals(), async (core) => {
        const args: ExportOptions = {
          run: options.run, rounds: options.rounds, model: options.model ? path.resolve(options.model) : null, out: path.resolve(options.out),
          includeTrace: options.trace, maxTokens: options.maxTokens ?? null, overLength: options.overLength, systemPrompt: options.systemPrompt ?? null, validRatio: options.validRatio,
        };
        const manifest = (await awaitJobResult(core, (await core.api.startExport(args)).jobId)) as ExportManifest;
        // --json prints manifest.json exactly as written.
        if (globals().json) process.stdout.write(await readFile(path.join(manifest.options.out, "manifest.json"), "utf8"));
        else printResult(globals(), manifest, () => describeExport(manifest));
        return 0;
      });
    });
}
