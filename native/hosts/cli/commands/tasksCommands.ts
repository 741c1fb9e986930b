import { createInterface } from "node:readline/promises";
import { Option, type Command } from "commander";
import type { ImportableFormat, ImportReport, StoreProblem, TaskSetInfo, TaskSplit } from "../../../api/index.js";
import type { Core } from "../../../core/createCore.js";
import { InvalidInputError, TracetuneError } from "../../../common/TracetuneError.js";
import { ExitCode } from "../exitCodes.js";
import { awaitJobResult } from "../awaitJob.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";

function describeReport(report: ImportReport): string {
  const malformed = report.problems.filter((problem) => problem.line !== null).length;
  const lines = [`set ${report.setId}: ${report.seen} record(s) read, ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${malformed} malformed; ${report.validated} validated`];
  for (const group of report.problemGroups) {
    // One line per reason: a file of the wrong format gives the same reason on every line.
    const places = group.first.map((problem) => (problem.line === null ? problem.file : `${problem.file}:${problem.line}`)).join(", ");
    const isFileProblem = group.first.every((problem) => problem.line === null);
    const more = group.count > group.first.length ? `, … (${group.count} in all)` : "";
    lines.push(isFileProblem ? `  ${places}: ${group.reason}` : `  malformed ${places}${more}: ${group.count === 1 ? group.first[0].reason : `${group.reason} (${group.count}x)`}`);
  }
  for (const invalid of report.invalid) lines.push(`  invalid ${invalid.taskId}: ${invalid.reason}${invalid.detail ? ` (${invalid.detail.split("\n")[0].slice(0, 160)})` : ""}`);
  return lines.join("\n");
}

/** Asks a yes/no question on the terminal; only "y" or "yes" is yes. */
async function confirm(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

/** Store lines that were skipped: one line each on stderr (stdout stays the listing, JSON or not). */
function warnAboutStore(problems: StoreProblem[]): void {
  for (const problem of problems) {
    // Line 0: the set could not be read at all (the reason names the file and why).
    if (problem.line === 0) process.stderr.write(`tracetune: warning: set ${problem.setId} cannot be read: ${problem.reason}\n`);
    else process.stderr.write(`tracetune: warning: ${problem.file}:${problem.line}: ${problem.reason}; skipped (tracetune tasks repair SET moves it aside)\n`);
  }
}

function describeSets(sets: TaskSetInfo[]): string {
  if (sets.length === 0) return "no task sets yet (try: tracetune tasks import-demo)";
  return sets
    .map((set) => `${set.id.padEnd(18)} ${String(set.count).padStart(6)} tasks  train ${set.bySplit.train} / dev ${set.bySplit.dev} / test ${set.bySplit.test}${set.bySplit.prompt ? ` / prompt ${set.bySplit.prompt}` : ""}  valid ${set.byStatus.valid}, invalid ${set.byStatus.invalid}, pending ${set.byStatus.pending}  (${set.format}, ${set.licence})`)
    .join("\n");
}

export function registerTasksCommands(program: Command, globals: () => GlobalOptions): void {
  const tasks = program.command("tasks").description("import, validate and inspect repair task sets");

  tasks
    .command("import")
    .description("import task files (streaming; malformed lines are reported with their line number, the rest imports)")
    .addOption(new Option("--format <format>", "the files' format").choices(["hefix-plus", "humanevalfix", "mbpp", "jsonl", "pair"]).makeOptionMandatory())
    .option("--set <id>", "task set id (default: from the format or the file name)")
    .option("--entry-point <name>", "function under test (pair format; default: the program's first def)")
    .option("--no-validate", "skip validation in the sandbox")
    .argument("<files...>", "hefix-plus: humanevalpack-python.jsonl and HumanEvalPlus.jsonl.gz; pair: PROGRAM.py TESTS.py")
    .action(async (files: string[], options: { format: string; set?: string; entryPoint?: string; validate: boolean }) => {
      await runWithCore(globals(), async (core) => {
        const { jobId } = await core.api.importTasks({ format: options.format as ImportableFormat, files, setId: options.set, validate: options.validate, entryPoint: options.entryPoint });
        const report = (await awaitJobResult(core, jobId)) as ImportReport;
        printResult(globals(), report, () => describeReport(report));
        return report.problems.length > 0 ? ExitCode.negative : ExitCode.ok;
      });
    });

  tasks
    .command("import-demo")
    .description("import the demo task set shipped with tracetune (24 original buggy functions)")
    .option("--no-validate", "skip validation in the sandbox")
    .action(async (options: { validate: boolean }) => {
      await runWithCore(globals(), async (core) => {
        const report = (await awaitJobResult(core, (await core.api.importDemoTasks({ validate: options.validate })).jobId)) as ImportReport;
        printResult(globals(), report, () => describeReport(report));
      });
    });

  tasks
    .command("list")
    .description("list task sets with counts per split and validation status; with --set, that set's tasks")
    .option("--set <id>", "list the tasks of this set")
    .addOption(new Option("--split <split>", "only this split").choices(["train", "dev", "test", "prompt"]))
    .addOption(new Option("--status <status>", "only this validation status").choices(["valid", "invalid", "pending"]))
    .action(async (options: { set?: string; split?: string; status?: string }) => {
      await runWithCore(globals(), async (core) => {
        if (!options.set) {
          const sets = await core.api.listTaskSets();
          warnAboutStore(sets.flatMap((set) => set.warnings ?? []));
          printResult(globals(), sets, () => describeSets(sets));
          return;
        }
        const page = await core.api.listTasks({ setId: options.set, split: options.split as TaskSplit | undefined, status: options.status as "valid" | undefined, limit: 100_000 });
        warnAboutStore(page.warnings);
        printResult(globals(), page, () => page.tasks.map((t) => `${t.id.padEnd(28)} ${t.split.padEnd(6)} ${t.status.padEnd(8)} ${(t.bugType ?? "").padEnd(16)} ${t.entryPoint}${t.reason ? `  (${t.reason})` : ""}`).join("\n") || "no tasks match");
      });
    });

  tasks
    .command("repair")
    .description("move the lines of a set's tasks.jsonl / validation.jsonl that cannot be read aside to <file>.rejected-<date>, keeping the rest")
    .argument("<set>", "task set id")
    .action(async (setId: string) => {
      await runWithCore(globals(), async (core) => {
        const repair = await core.api.repairTaskSet({ setId });
        printResult(globals(), repair, () =>
          repair.rejected.length === 0
            ? `set ${setId}: no bad lines`
            : [`set ${setId}: ${repair.rejected.length} bad line(s) moved aside to ${repair.rejectedFiles.join(", ")}`, ...repair.rejected.map((p) => `  ${p.file}:${p.line}: ${p.reason}`)].join("\n"),
        );
      });
    });

  tasks
    .command("delete")
    .description("delete a task set, or one task of it with --task; refused while a run or evaluation uses it, unless --force")
    .argument("<set>", "task set id")
    .option("--task <id>", "delete only this task (e.g. demo/clamp) and keep the set")
    .option("--force", "delete even when runs or evaluations use it (their receipts keep the task content hashes)")
    .option("--yes", "do not ask for confirmation (needed when stdin is not a terminal)")
    .action(async (setId: string, options: { task?: string; force?: boolean; yes?: boolean }) => {
      await runWithCore(globals(), async (core) => {
        if (options.task !== undefined && !options.task.startsWith(`${setId}/`)) {
          throw new InvalidInputError(`Task "${options.task}" is not in set "${setId}" (task ids start with "${setId}/").`, { option: "--task" });
        }
        if (!options.yes) {
          const what = options.task ?? `set ${setId} (${(await core.api.listTaskSets()).find((set) => set.id === setId)?.count ?? 0} task(s))`;
          if (!process.stdin.isTTY) throw new TracetuneError("usage", `tasks delete asks before deleting ${what}; stdin is not a terminal, so pass --yes.`, { option: "--yes" });
          const users = await core.api.listTaskSetUsers({ setId, taskId: options.task });
          const question = `Delete ${what}${users.length ? `, used by ${users.map((use) => `${use.kind} ${use.id}`).join(", ")}` : ""}? [y/N] `;
          if (!(await confirm(question))) {
            process.stderr.write("nothing deleted\n");
            return ExitCode.negative;
          }
        }
        const deletion = options.task === undefined
          ? await core.api.deleteTaskSet({ setId, force: options.force ?? false })
          : await core.api.deleteTask({ id: options.task, force: options.force ?? false });
        printResult(globals(), deletion, () => [
          deletion.taskId === null ? `deleted set ${setId} (${deletion.deletedTasks} task(s))` : `deleted task ${deletion.taskId} from set ${setId}`,
          ...deletion.usedBy.map((use) => `  was used by ${use.kind} ${use.id}: ${use.title}`),
        ].join("\n"));
      });
    });

  tasks
    .command("show")
    .description("show one task with its validation")
    .argument("<id>", "task id, e.g. demo/clamp")
    .action(async (id: string) => {
      await runWithCore(globals(), async (core) => {
        const task = await core.api.getTask({ id });
        printResult(globals(), task, () =>
          [
            `${task.id} (${task.split}, ${task.bugType ?? "no bug type"}, ${task.validation?.status ?? "pending"}${task.validation?.reason ? `: ${task.validation.reason}` : ""})`,
            task.description, "", "--- buggy program", task.buggyProgram ?? "(none: a problem)", "--- reference", task.reference ?? "(none)",
            task.validation?.firstFailure ? `--- first failing test\n${task.validation.firstFailure.source}\n${task.validation.firstFailure.error ?? ""}` : "",
          ].join("\n"),
        );
      });
    });

  tasks
    .command("validate")
    .description("re-run validation of a task set in the sandbox")
    .argument("<set>", "task set id")
    .option("--only-pending", "only tasks without a current validation")
    .action(async (setId: string, options: { onlyPending?: boolean }) => {
      await runWithCore(globals(), async (core) => {
        const result = (await awaitJobResult(core, (await core.api.validateTasks({ setId, onlyPending: options.onlyPending })).jobId)) as { validated: number; valid: number; invalid: ImportReport["invalid"] };
        printResult(globals(), result, () => [`${result.validated} validated: ${result.valid} valid, ${result.invalid.length} invalid`, ...result.invalid.map((i) => `  ${i.taskId}: ${i.reason}${i.detail ? ` (${i.detail.split("\n")[0].slice(0, 160)})` : ""}`)].join("\n"));
        return result.invalid.length > 0 ? ExitCode.negative : ExitCode.ok;
      });
    });

  tasks
    .command("contamination")
    .description("find exact and near-duplicate code between training tasks and dev/test tasks")
    .option("--threshold <x>", "near-duplicate similarity threshold in (0, 1] (default: 0.9)", optionValue.number({ above: 0, max: 1 }))
    .action(async (options: { threshold?: number }) => {
      await runWithCore(globals(), async (core) => {
        const report = (await awaitJobResult(core, (await core.api.checkContamination({ threshold: options.threshold })).jobId)) as Awaited<ReturnType<Core["api"]["getContaminationReport"]>>;
        printResult(globals(), report, () => [`${report!.pairs.length} pair(s) at threshold ${report!.threshold}; ${report!.contaminatedTaskIds.length} training task(s) refused by rounds`, ...report!.pairs.slice(0, 50).map((p) => `  ${p.trainTaskId} ~ ${p.evalTaskId}  ${p.kind} ${p.similarity} (${p.fields})`)].join("\n"));
        return report!.pairs.length > 0 ? ExitCode.negative : ExitCode.ok;
      });
    });

  tasks
    .command("build-mbpp-r")
    .description("build Mbpp-R (our reconstruction): sample solutions to MBPP train/dev problems with a local model, keep distinct failing ones; resumable")
    .requiredOption("--model <file>", "GGUF model to sample with")
    .option("--problems <set>", "MBPP problem set (default: mbpp)")
    .option("--k <n>", "samples per problem (default: 8)", optionValue.integer({ min: 1 }))
    .option("--temperature <t>", "sampling temperature >= 0 (default: 0.8)", optionValue.number({ min: 0 }))
    .option("--max-tokens <n>", "tokens per sample (default: 384)", optionValue.integer({ min: 1 }))
    .option("--cap <n>", "buggy programs kept per problem (default: 4)", optionValue.integer({ min: 1 }))
    .option("--seed <n>", "base seed (default: 1)", optionValue.integer())
    .option("--limit <n>", "stop after this many problems", optionValue.integer({ min: 1 }))
    .action(async (options: { model: string; problems?: string; k?: number; temperature?: number; maxTokens?: number; cap?: number; seed?: number; limit?: number }) => {
      await runWithCore(globals(), async (core) => {
        const { jobId } = await core.api.buildMbppR({
          modelPath: options.model, problemSetId: options.problems, k: options.k, temperature: options.temperature, maxTokens: options.maxTokens,
          perProblemCap: options.cap, seed: options.seed, limit: options.limit,
        });
        const summary = (await awaitJobResult(core, jobId)) as { problems: number; skippedDone: number; sampled: number; kept: number; byVerdict: Record<string, number> };
        printResult(globals(), summary, () => `${summary.problems} problem(s) (${summary.skippedDone} already done): ${summary.sampled} sampled, ${summary.kept} kept as repair tasks in set mbpp-r; verdicts ${JSON.stringify(summary.byVerdict)}`);
      });
    });
}
