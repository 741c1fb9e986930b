import { Option, type Command } from "commander";
import type { Trace, TraceRenderArgs, TraceRenderSettings, TraceStyle } from "../../../api/index.js";
import { InvalidInputError } from "../../../common/TracetuneError.js";
import { optionValue } from "../optionValues.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";
import { readSourceFile } from "./readSourceFile.js";

interface RenderFlags {
  program: string;
  call?: string;
  trace?: string;
  tests?: string;
  entry?: string;
  reference?: string;
  all?: boolean;
  setup?: string;
  style: string;
  budget?: number;
  first?: number;
  last?: number;
  reprCut?: number;
}

function readTraceFile(path: string): Trace {
  const text = readSourceFile({ path, option: "--trace" });
  try {
    return JSON.parse(text) as Trace;
  } catch (error) {
    throw new InvalidInputError(`The --trace file ${path} is not valid JSON: ${(error as Error).message}.`, { file: path, option: "--trace" });
  }
}

/** `tracetune render` and `tracetune trace-diff` (docs/trace-format.md). `tracetune trace` (the raw trace) is the Python feature's. */
export function registerTraceCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command("render")
    .description("render a program with its execution trace as NExT inline comments (or scratchpad / none) within a token budget")
    .requiredOption("--program <file>", "the Python program")
    .option("--call <expr>", 'the call to trace, e.g. "f(3)"')
    .option("--trace <file>", "render this trace JSON (from `tracetune trace --json`) instead of running Python")
    .option("--tests <file>", "trace the call of the first failing test in these asserts or check harness")
    .option("--entry <name>", "with --tests: the function under test (default: the program's last top-level def)")
    .option("--reference <file>", "with --tests: a correct program; picks the call whose outcome differs from it")
    .option("--all", "with --tests: render every failing test's call, not only the first")
    .option("--setup <file>", "code run before the program")
    .addOption(new Option("--style <style>", "how the trace is shown").choices(["inline", "scratchpad", "none"]).default("inline"))
    .option("--budget <tokens>", "token budget, at least 1 (default: the stored setting, 512)", optionValue.integer({ min: 1 }))
    .option("--first <n>", "states shown first on a repeated line (default 2)", optionValue.integer({ min: 0 }))
    .option("--last <n>", "states shown last on a repeated line (default 1)", optionValue.integer({ min: 0 }))
    .option("--repr-cut <chars>", "cut values' reprs to this many characters (default 40)", optionValue.integer({ min: 0 }))
    .action(async (flags: RenderFlags) => {
      await runWithCore(globals(), async (core) => {
        const sources = [flags.call, flags.trace, flags.tests].filter((value) => value !== undefined).length;
        if (sources !== 1) throw new InvalidInputError("Give exactly one of --call, --trace and --tests.", { option: "--call" });
        const settings: Partial<TraceRenderSettings> = {
          ...(flags.budget === undefined ? {} : { budget: flags.budget }),
          ...(flags.first === undefined ? {} : { firstStates: flags.first }),
          ...(flags.last === undefined ? {} : { lastStates: flags.last }),
          ...(flags.reprCut === undefined ? {} : { reprCut: flags.reprCut }),
        };
        const args: TraceRenderArgs = {
          program: readSourceFile({ path: flags.program, option: "--program" }),
          style: flags.style as TraceStyle,
          settings,
          setup: flags.setup === undefined ? undefined : readSourceFile({ path: flags.setup, option: "--setup" }),
        };
        if (flags.call !== undefined) args.call = flags.call;
        if (flags.trace !== undefined) args.trace = readTraceFile(flags.trace);
        if (flags.tests !== undefined) {
          args.failing = {
            tests: readSourceFile({ path: flags.tests, option: "--tests" }), entryPoint: flags.entry, all: flags.all ?? false,
            reference: flags.reference === undefined ? undefined : readSourceFile({ path: flags.reference, option: "--reference" }),
          };
        }
        const result = await core.api.traceRender(args);
        printResult(globals(), result, () => {
          // A passing program has no failing call to trace: say so instead of printing nothing.
          if (result.renderings.length === 0 && result.tests) return `all ${result.tests.total} test(s) pass (verdict ${result.tests.verdict}): no failing call to trace`;
          return result.renderings.map((rendering) => [
            rendering.text,
            ...(rendering.test === null ? [] : [`# failing test: ${rendering.test.split("\n").join(" ")}`]),
            ...(rendering.expected === null ? [] : [`# expected: ${rendering.expected}`]),
            ...(rendering.test === null && rendering.expected === null ? [] : [`# actual: ${rendering.actual ?? rendering.outcome}`]),
            `# ${rendering.call} ${rendering.outcome}; ${rendering.tokens}/${rendering.budget} tokens (${rendering.tokenizer})` +
              `${rendering.fitsBudget ? "" : " OVER BUDGET"}, degrade level ${rendering.degradeLevel}, ${rendering.statesShown}/${rendering.statesTotal} states shown`,
          ].join("\n")).join("\n\n");
        });
      });
    });

  program
    .command("trace-diff")
    .description("trace one call on two programs (e.g. buggy and fixed) and report the first state where they diverge")
    .requiredOption("--a <file>", "the first program")
    .requiredOption("--b <file>", "the second program")
    .requiredOption("--call <expr>", 'the call to trace on both, e.g. "f(3)"')
    .option("--setup <file>", "code run before each program")
    .action(async (flags: { a: string; b: string; call: string; setup?: string }) => {
      await runWithCore(globals(), async (core) => {
        const diff = await core.api.traceDiff({
          a: readSourceFile({ path: flags.a, option: "--a" }), b: readSourceFile({ path: flags.b, option: "--b" }), call: flags.call,
          setup: flags.setup === undefined ? undefined : readSourceFile({ path: flags.setup, option: "--setup" }),
        });
        printResult(globals(), diff, () => [diff.summary, `a: ${diff.statesA} states, ${diff.outcomeA}`, `b: ${diff.statesB} states, ${diff.outcomeB}`].join("\n"));
      });
    });
}
