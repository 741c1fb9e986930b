import { Command, CommanderError } from "commander";
import type { WireError } from "../../common/TracetuneError.js";
import { registerDoctorCommand } from "./commands/doctorCommand.js";
import { registerEnginesCommands } from "./commands/enginesCommands.js";
import { registerEvalCommand } from "./commands/evalCommand.js";
import { registerRoundCommands } from "./commands/roundCommands.js";
import { registerExportCommand } from "./commands/exportCommand.js";
import { registerModelsCommands } from "./commands/modelsCommands.js";
import { registerPythonCommands } from "./commands/pythonCommands.js";
import { registerRepairCommand } from "./commands/repairCommand.js";
import { registerServeCommand } from "./commands/serveCommand.js";
import { registerSettingsCommands } from "./commands/settingsCommand.js";
import { registerTasksCommands } from "./commands/tasksCommands.js";
import { registerTraceCommands } from "./commands/traceCommands.js";
import { registerTrainCommand } from "./commands/trainCommand.js";
import { ExitCode } from "./exitCodes.js";
import { setCurrentCommand, type GlobalOptions } from "./runWithCore.js";

/** Builds the `tracetune` command line. Each feature registers its commands from commands/. */
export function buildProgram(): Command {
  const program = new Command("tracetune")
    .description("execution-aware program repair on your own machine")
    .option("--data-dir <dir>", "where settings, catalogs and runs live (default: $TRACETUNE_DATA_DIR, else the platform app-data folder)")
    .option("--json", "print machine-readable JSON on stdout")
    .showHelpAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  // runWithCore decides by the command whether to take the data dir's lock (docs/cli.md, "One data dir, one process").
  program.hook("preAction", (_program, action) => setCurrentCommand(commandPath(action)));
  registerServeCommand(program, globals);
  registerSettingsCommands(program, globals);
  registerPythonCommands(program, globals);
  registerTasksCommands(program, globals);
  registerTraceCommands(program, globals);
  registerModelsCommands(program, globals);
  registerEnginesCommands(program, globals);
  registerDoctorCommand(program, globals);
  registerRepairCommand(program, globals);
  registerEvalCommand(program, globals);
  registerRoundCommands(program, globals);
  registerExportCommand(program, globals);
  registerTrainCommand(program, globals);
  return program;
}

/** "tasks import" for the import subcommand of tasks: the command's names below the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/**
 * A reader that closes early (`tracetune … --json | head -1`) makes the next write fail with EPIPE, emitted as
 * an 'error' event that would otherwise crash the process with a stack. Stop writing to that stream and let the
 * command finish (and dispose what it holds) quietly.
 */
export function stopWritingOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    stream.write = (() => true) as typeof stream.write;
  });
}

/** `--json` among the global options (before a `--` that ends the options). */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/** A commander usage error in the wire error shape: code "usage", commander's message, its own code in details. */
export function usageError(error: CommanderError): WireError {
  return { code: "usage", message: error.message.replace(/^error: /, ""), details: { reason: error.code } };
}

export async function main(argv: string[]): Promise<void> {
  stopWritingOnClosedPipe(process.stdout);
  stopWritingOnClosedPipe(process.stderr);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; real usage errors with 2. Commander has already said why
      // on stderr; with --json the same error is also the one JSON object on stdout, as every other error is.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      if (error.exitCode !== 0 && wantsJson(argv)) process.stdout.write(JSON.stringify({ error: usageError(error) }, null, 2) + "\n");
      return;
    }
    throw error;
  }
}
