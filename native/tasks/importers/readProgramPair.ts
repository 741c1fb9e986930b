import { readFile, stat } from "node:fs/promises";
import { decodeUtf8 } from "../../common/decodeUtf8.js";
import path from "node:path";
import { findFirstFunction } from "../common/findEntryPoint.js";
import { defaultInputLimits, InputTooLargeError, type InputLimits } from "../../storage/inputLimits.js";
import { TaskFileError } from "../taskErrors.js";
import { RecordProblem, type TaskDraft } from "./TaskDraft.js";

/**
 * A single program + tests file pair (how the debugger creates tasks). The tests file is either a
 * `def check(candidate)` harness or top-level statements: each `assert` becomes one test, anything else
 * (imports, helpers) becomes setup. A statement runs from a line at column 0 to the next one.
 */
export async function readProgramPair(options: { programFile: string; testsFile: string; entryPoint?: string; /** Default: `defaultInputLimits`. */ limits?: InputLimits }): Promise<TaskDraft> {
  const { programFile, testsFile, limits = defaultInputLimits } = options;
  const program = await readText(programFile, { limit: "maxProgramBytes", value: limits.maxProgramBytes, what: "the program" });
  const testsText = (await readText(testsFile, { limit: "maxFileBytes", value: limits.maxFileBytes, what: "the tests file" })).replace(/\r\n?/g, "\n");
  const entryPoint = options.entryPoint ?? findFirstFunction(program);
  if (!entryPoint) throw new TaskFileError(programFile, "defines no top-level function; pass an entry point");
  const base = path.basename(programFile).replace(/\.py$/, "");
  let tests: TaskDraft["tests"];
  if (/^def check\(/m.test(testsText)) {
    tests = { kind: "check", source: testsText.replace(new RegExp(`\\n\\s*check\\(\\s*${entryPoint}\\s*\\)\\s*$`), "\n") };
  } else {
    const { setup, asserts } = splitAsserts(testsText);
    if (asserts.length === 0) throw new TaskFileError(testsFile, "holds no top-level assert statement and no def check(candidate)");
    tests = { kind: "asserts", setup, asserts };
  }
  const docstring = /"""([\s\S]*?)"""/.exec(program)?.[1]?.trim() ?? "";
  return {
    kind: "repair", description: docstring, prompt: null, buggyProgram: program, reference: null, entryPoint, tests, bugType: null, split: null,
    provenance: { format: "pair", file: path.basename(programFile), sourceId: base, licence: "user" },
  };
}

export function splitAsserts(text: string): { setup: string; asserts: string[] } {
  const statements: string[] = [];
  for (const line of text.split("\n")) {
    const isStart = /^\S/.test(line) && !/^[)\]}]/.test(line) && !line.startsWith("#");
    if (isStart || statements.length === 0) statements.push(line);
    else statements[statements.length - 1] += "\n" + line;
  }
  const setup: string[] = [];
  const asserts: string[] = [];
  for (const statement of statements.map((s) => s.trimEnd())) {
    if (statement.trim() === "" || statement.trim().startsWith("#")) continue;
    (statement.startsWith("assert") ? asserts : setup).push(statement);
  }
  return { setup: setup.join("\n"), asserts };
}

/** Reads a whole file after checking its size against the limit, so an oversized one is never loaded. */
async function readText(file: string, limit: { limit: "maxProgramBytes" | "maxFileBytes"; value: number; what: string }): Promise<string> {
  try {
    const { size } = await stat(file);
    if (size > limit.value) throw new InputTooLargeError({ file, what: limit.what, limit: limit.limit, value: limit.value, size });
    const text = decodeUtf8(await readFile(file));
    if (text === null) throw new RecordProblem("is not valid UTF-8");
    if (text.trim() === "") throw new RecordProblem("is empty");
    return text;
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    if (error instanceof RecordProblem) throw new TaskFileError(file, error.message);
    throw new TaskFileError(file, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error));
  }
}
