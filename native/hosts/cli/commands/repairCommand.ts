import { Option, type Command } from "commander";
import type { LoadedModel, RepairResult, RepairSample, RepairTraceFormat } from "../../../api/index.js";
import { TracetuneError } from "../../../common/TracetuneError.js";
import type { Core } from "../../../core/createCore.js";
import { readCompletionsFile } from "../../../repair/readCompletionsFile.js";
import { awaitJob } from "../awaitJob.js";
import { ExitCode } from "../exitCodes.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";
import { readSourceFile } from "./readSourceFile.js";

interface RepairFlags {
  program?: string;
  tests?: string;
  entry?: string;
  task?: string;
  model?: string;
  engine?: string;
  engineModel?: string;
  completions?: string;
  k?: number;
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  trace?: RepairTraceFormat;
  fewShot?: number;
  template?: string;
  contextSize?: number;
  threads?: number;
  gpu: "auto" | "cpu";
  grammarFile?: string;
  timeoutMs?: number;
}

/**
 * `tracetune repair`: k fixes for a failing program from a local model or a serving engine, each parsed,
 * verified in the sandbox and its rationale checked; or the same judging for completions made elsewhere
 * (`--completions C.jsonl`). Exit 0 when a sample passes, 1 when none does, 3 when no completion line is
 * usable or a file is missing (docs/cli.md, docs/prompt.md).
 */
export function registerRepairCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("repair")
    .description("sample k fixes for a failing program (or judge given completions), verify each in the sandbox; exit 0 when one passes, 1 when none does")
    .option("--program <file>", "the buggy Python program")
    .option("--tests <file>", "assert lines (MBPP) or a `def check(candidate)` harness (HumanEval)")
    .option("--entry <name>", "the function the tests call (default: the program's only, else last, top-level def)")
    .addOption(new Option("--task <id>", "a stored task's id instead of --program/--tests").conflicts(["program", "tests", "entry"]))
    .option("--model <file>", "GGUF model file to sample from")
    .addOption(new Option("--engine <url>", "OpenAI-compatible engine base URL (a bare host gets /v1); loopback unless allowed in Settings").conflicts("model"))
    .option("--engine-model <name>", "the model to ask the engine for (default: the first id from GET /v1/models)")
    .addOption(new Option("--completions <file>", 'judge these completions instead of sampling: JSONL, one {"text": ...} per line').conflicts(["model", "engine"]))
    .option("--k <n>", "completions to draw (default: the repair settings, 4)", optionValue.integer({ min: 1, max: 1024 }))
    .option("--temperature <t>", "sampling temperature >= 0 (default: the repair settings, 0.8)", optionValue.number({ min: 0 }))
    .option("--seed <n>", "base seed; completion i uses seed + i (default: random)", optionValue.integer())
    .option("--max-tokens <n>", "tokens per completion (default: the repair settings, 512)", optionValue.integer({ min: 1 }))
    .addOption(new Option("--trace <format>", "how the buggy run is shown: next (inline trace), scratchpad, none (default: the repair settings, next)").choices(["next", "scratchpad", "none"]))
    .option("--few-shot <n>", "worked exemplars before the task, 0-3 (default: the repair settings, 1)", optionValue.integer({ min: 0, max: 3 }))
    .option("--template <id>", "prompt template id in resources/prompts (default: the repair settings, next-repair-v1)")
    .option("--context-size <n>", "context size per sequence (local model)", optionValue.integer({ min: 16 }), 4096)
    .option("--threads <n>", "evaluation threads (local model; default: physical cores)", optionValue.integer({ min: 1 }))
    .addOption(new Option("--gpu <mode>", "local model: auto or cpu").choices(["auto", "cpu"]).default("auto"))
    .option("--grammar-file <file>", "GBNF grammar every completion must follow")
    .option("--timeout-ms <n>", "wall-time limit of each fix's test run (default: 10000, 120000 for io tasks)", optionValue.integer({ min: 1 }))
    .action(async (flags: RepairFlags, command: Command) => {
      if ((flags.task === undefined) === (flags.program === undefined)) command.error("error: give --program FILE --tests FILE, or --task ID");
      if (flags.program !== undefined && flags.tests === undefined) command.error("error: --program needs --tests FILE");
      const sources = [flags.model, flags.engine, flags.completions].filter((value) => value !== undefined).length;
      if (sources !== 1) command.error("error: give --model FILE (a local GGUF), --engine URL (a serving engine) or --completions FILE (judge given completions)");
      if (flags.engineModel !== undefined && flags.engine === undefined) command.error("error: --engine-model needs --engine URL");
      await runWithCore(globals(), (core) => runRepairCommand(core, flags, globals()));
    });
}

async function runRepairCommand(core: Core, flags: RepairFlags, globals: GlobalOptions): Promise<number> {
  const target = flags.task !== undefined
    ? { task: flags.task }
    : { program: readSourceFile({ path: flags.program!, option: "--program" }), tests: readSourceFile({ path: flags.tests!, option: "--tests" }), ...(flags.entry ? { entryPoint: flags.entry } : {}) };
  const limits = flags.timeoutMs === undefined ? undefined : { timeoutMs: flags.timeoutMs };

  if (flags.completions !== undefined) {
    const file = await readCompletionsFile({ file: flags.completions });
    for (const { line, reason } of file.skipped) process.stderr.write(`tracetune: ${flags.completions}:${line}: skipped: ${reason}\n`);
    if (file.completions.length === 0) {
      print(globals, { samples: [], skipped: file.skipped, prompt: null, model: { kind: "completions", source: flags.completions } });
      process.stderr.write(`tracetune: ${flags.completions}: no usable completion line.\n`);
      return ExitCode.invalidInput;
    }
    const { jobId } = await core.api.repairJudgeCompletions({
      ...target, completions: file.completions.map(({ text, finishReason }) => ({ text, ...(finishReason ? { finishReason } : {}) })), source: flags.completions, limits,
    });
    const { state, result } = await awaitJob(core, jobId);
    const judged = result as RepairResult | undefined;
    // Sample i is line completions[i]: say which line each came from.
    const samples = (judged?.samples ?? []).map((sample) => ({ ...sample, line: file.completions[sample.index]!.line }));
    print(globals, { ...judged, samples, skipped: file.skipped });
    return exitCodeOf(state.status, samples);
  }

  const request = {
    ...target, k: flags.k, temperature: flags.temperature, seed: flags.seed, maxTokens: flags.maxTokens, traceFormat: flags.trace,
    fewShot: flags.fewShot, templateId: flags.template, limits,
    ...(flags.grammarFile ? { grammar: readSourceFile({ path: flags.grammarFile, option: "--grammar-file" }) } : {}),
  };
  let loaded: LoadedModel | null = null;
  if (flags.model !== undefined) {
    const load = await core.api.loadModel({ path: flags.model, gpu: flags.gpu, contextSize: flags.contextSize, threads: flags.threads });
    loaded = (await awaitJob(core, load.jobId)).result as LoadedModel;
  }
  try {
    const { jobId } = await core.api.repairStart({ ...request, ...(flags.engine ? { engine: { url: flags.engine, model: flags.engineModel } } : {}) });
    const { state, result } = await awaitJob(core, jobId);
    const repaired = result as RepairResult | undefined;
    if (repaired?.prompt?.exemplarOverlap.length) {
      const ids = repaired.prompt.exemplarOverlap.map((overlap) => overlap.exemplarId).join(", ");
      process.stderr.write(`tracetune: note: this program matches prompt exemplar(s) ${ids}, whose answers the prompt can show (--few-shot); such tasks are left out of evaluation and training.\n`);
    }
    print(globals, { ...repaired, samples: repaired?.samples ?? [], skipped: [] });
    return exitCodeOf(state.status, repaired?.samples ?? []);
  } finally {
    if (loaded) await core.api.unloadModel();
  }
}

function exitCodeOf(status: string, samples: RepairSample[]): number {
  if (status === "cancelled") return ExitCode.cancelled;
  if (status === "failed") throw new TracetuneError("internal", "The repair job failed.");
  return samples.some((sample) => sample.verdict === "pass") ? ExitCode.ok : ExitCode.negative;
}

function print(globals: GlobalOptions, output: { samples: Array<RepairSample & { line?: number }>; skipped: Array<{ line: number; reason: string }> } & Record<string, unknown>): void {
  printResult(globals, output, () => {
    const lines: string[] = [];
    for (const sample of output.samples) {
      const passed = sample.tests.filter((test) => test.passed).length;
      const from = sample.line === undefined ? "" : ` (line ${sample.line})`;
      const verdict = sample.verdict === "unparsable" ? `unparsable: ${sample.reason}` : `${sample.verdict}, ${passed}/${sample.tests.length} tests`;
      const score = sample.checkScore === null ? "" : `, claims ${Math.round(sample.checkScore * 100)}% hold`;
      lines.push(`--- sample ${sample.index}${from}: ${verdict}${score}`);
      if (sample.rationale) lines.push(`rationale: ${sample.rationale.replace(/\s+/g, " ").slice(0, 300)}`);
      if (sample.code) lines.push(sample.code.trimEnd());
    }
    const passing = output.samples.filter((sample) => sample.verdict === "pass").length;
    lines.push(`--- ${passing} of ${output.samples.length} sample(s) pass${output.skipped.length ? `; ${output.skipped.length} line(s) skipped` : ""}`);
    return lines.join("\n");
  });
}
