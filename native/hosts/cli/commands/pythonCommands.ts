import type { Command } from "commander";
import { InvalidInputError } from "../../../common/TracetuneError.js";
import { ExitCode } from "../exitCodes.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";
import { readSourceFile } from "./readSourceFile.js";

interface ExecFlags {
  program: string;
  tests: string;
  entry?: string;
  setup?: string;
  timeoutMs?: number;
  memoryMb?: number;
}

interface TraceFlags {
  program: string;
  call: string;
  setup?: string;
  timeoutMs?: number;
  maxSteps?: number;
}

/** `tracetune exec` and `tracetune trace`: run or trace a Python file in the sandboxed runtime (docs/python-sandbox.md). */
export function registerPythonCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command("exec")
    .description("run a Python program against its tests in the sandbox; exit 0 when the verdict is pass, 1 when not")
    .requiredOption("--program <file>", "the Python program")
    .requiredOption("--tests <file>", "assert lines (MBPP) or a `def check(candidate)` harness (HumanEval)")
    .option("--entry <name>", "the function the check harness gets (default: the program's only, else last, top-level def)")
    .option("--setup <file>", "code run before the program")
    .option("--timeout-ms <n>", "wall-time limit of the run (default 5000)", optionValue.integer({ min: 1 }))
    .option("--memory-mb <n>", "WebAssembly memory cap of the run (default 256)", optionValue.integer({ min: 1 }))
    .action(async (flags: ExecFlags) => {
      await runWithCore(globals(), async (core) => {
        const limits = {
          ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
          ...(flags.memoryMb === undefined ? {} : { memoryMb: flags.memoryMb }),
        };
        const programText = readSourceFile({ path: flags.program, option: "--program" });
        const tests = readSourceFile({ path: flags.tests, option: "--tests" });
        if (hasNoCode(programText)) throw new InvalidInputError(`The --program file ${flags.program} is empty (no code, only blank lines or comments).`, { file: flags.program });
        if (tests.trim() === "") throw new InvalidInputError(`The --tests file ${flags.tests} is empty.`, { file: flags.tests });
        const setup = flags.setup === undefined ? undefined : readSourceFile({ path: flags.setup, option: "--setup" });
        const result = await core.api.pythonExec({ program: programText, tests, entryPoint: flags.entry, setup, limits });
        printResult(globals(), result, () => {
          const lines = [`verdict: ${result.verdict}${result.flags.length ? ` (${result.flags.join(", ")})` : ""}  ${result.elapsedMs} ms`];
          for (const test of result.tests) {
            const detail = test.passed ? "" : ` ${test.error?.type ?? ""}${test.actual === undefined ? "" : ` (actual ${test.actual})`}`;
            lines.push(`  ${test.passed ? "ok  " : "FAIL"} ${test.source ?? `test ${test.index}`}${detail}`);
          }
          if (result.error && result.tests.every((t) => t.passed)) lines.push(`  ${result.error.type}: ${result.error.message}${result.error.line ? ` (line ${result.error.line})` : ""}`);
          if (result.stdout) lines.push("stdout:", result.stdout.trimEnd());
          return lines.join("\n");
        });
        return result.verdict === "pass" ? ExitCode.ok : ExitCode.negative;
      });
    });

  program
    .command("trace")
    .description("trace one call of a Python program line by line: changed variables, returns, exceptions")
    .requiredOption("--program <file>", "the Python program")
    .requiredOption("--call <expr>", 'the call to trace, e.g. "f(3)"')
    .option("--setup <file>", "code run before the program")
    .option("--timeout-ms <n>", "wall-time limit (default 5000); the partial trace is returned", optionValue.integer({ min: 1 }))
    .option("--max-steps <n>", "steps kept before the trace stops (default 10000)", optionValue.integer({ min: 1 }))
    .action(async (flags: TraceFlags) => {
      await runWithCore(globals(), async (core) => {
        const programText = readSourceFile({ path: flags.program, option: "--program" });
        if (hasNoCode(programText)) throw new InvalidInputError(`The --program file ${flags.program} is empty (no code, only blank lines or comments).`, { file: flags.program });
        const setup = flags.setup === undefined ? undefined : readSourceFile({ path: flags.setup, option: "--setup" });
        const trace = await core.api.pythonTrace({
          program: programText, call: flags.call, setup,
          limits: flags.timeoutMs === undefined ? undefined : { timeoutMs: flags.timeoutMs },
          caps: flags.maxSteps === undefined ? undefined : { maxSteps: flags.maxSteps },
        });
        printResult(globals(), trace, () => {
          const lines = trace.steps.map((s) => {
            // Each line shows what it did (effectOfLine, the state after it ran), as Python Tutor does; a call
            // shows its arguments. `changed` (the previous line's effect) stays as it is in --json.
            const shown = s.event === "call" ? s.changed : s.effectOfLine;
            const vars = shown === undefined ? "" : Object.entries(shown).map(([k, v]) => `${k}=${v}`).join(" ");
            const extra = s.returned !== undefined ? ` -> ${s.returned}` : s.exception ? ` !! ${s.exception.type}: ${s.exception.message}` : "";
            return `${String(s.step).padStart(4)} ${"  ".repeat(s.depth)}${s.frame}:${s.line} ${s.event}${vars ? `  ${vars}` : ""}${extra}`;
          });
          if (trace.returned !== undefined) lines.push(`returned ${trace.returned}`);
          if (trace.exception) lines.push(`raised ${trace.exception.type}: ${trace.exception.message}`);
          if (trace.truncated) lines.push(`truncated: ${trace.reason ?? "interpreter stopped"}`);
          return lines.join("\n");
        });
      });
    });
}

/** True when a Python file holds nothing but blank lines and comments: running it would test nothing. */
function hasNoCode(text: string): boolean {
  return text.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("#"));
}
