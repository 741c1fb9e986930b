import { createHash } from "node:crypto";
import path from "node:path";
import type { ImportProblem, ImportReport, RepairTask, TaskFormat } from "../api/taskTypes.js";
import type { JobContext, JobPhase } from "../common/jobs.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { assignSplit } from "./common/assignSplit.js";
import { groupImportProblems } from "./common/groupImportProblems.js";
import { hashTaskContent } from "./hashTaskContent.js";
import { computeExpectedOutputs } from "./importers/computeExpectedOutputs.js";
import { buildHeFixPlusDraft, readHumanEvalPlusRecord } from "./importers/parseHeFixPlus.js";
import { parseHumanEvalFix, readHumanEvalPackRecord, type HumanEvalPackRecord } from "./importers/parseHumanEvalPack.js";
import { parseMbpp } from "./importers/parseMbpp.js";
import { parseOwnTask } from "./importers/parseOwnTask.js";
import { readJsonRecords, type JsonRecord } from "./importers/readJsonRecords.js";
import { readProgramPair } from "./importers/readProgramPair.js";
import { RecordProblem, type TaskDraft } from "./importers/TaskDraft.js";
import { defaultInputLimits, describeOverLimit, type InputLimits } from "../storage/inputLimits.js";
import { TaskFileError } from "./taskErrors.js";
import type { TaskStore } from "./TaskStore.js";
import { validateTasks } from "./validateTasks.js";
import type { PythonRunner } from "./validation/PythonRunner.js";

/**
 * A task source as the importer sees it: one draft (or one problem) per record, with the record's raw text.
 * `{consumed}` is a record read that makes no task of its own (HeFix+'s HumanEvalPack half): counted as read.
 */
type DraftSource = AsyncGenerator<{ file: string; line: number | null; sourceText: string; draft: () => Promise<TaskDraft> } | ImportProblem | { consumed: true }>;

/** The problem an empty file (no records: zero bytes, blank lines only, or `[]`) is reported as. */
const emptyFile = (file: string): ImportProblem => ({ file, line: null, reason: "the file is empty (no records)" });

const APPEND_BATCH = 50;

/**
 * Imports task files into a set: streams the records, reports each malformed one (file, line, reason) and
 * goes on, skips records whose source hash or content hash is already stored (re-import is idempotent),
 * assigns frozen splits, then validates new and pending tasks in the sandbox.
 */
export async function importTasks(options: {
  store: TaskStore;
  /** Started lazily: a JSONL import with validate: false never starts Pyodide. */
  runtime: () => Promise<PythonRunner>;
  format: TaskFormat;
  files: string[];
  /** Default: "hefix-plus", "humanevalfix", "mbpp" / "mbpp-sanitized", "demo", else the first file's base name. */
  setId?: string;
  /** Default: true. */
  validate?: boolean;
  entryPoint?: string;
  /** Default: "MIT" for demo, "user" for own tasks; the source's licence for benchmarks. */
  licence?: string;
  job: JobContext;
  /** Default: `defaultInputLimits` (Settings → input). */
  limits?: InputLimits;
}): Promise<ImportReport> {
  const { store, format, files, validate = true, job } = options;
  if (files.length === 0) throw new InvalidInputError("Give at least one file to import.", { field: "files" });
  const setId = options.setId ?? defaultSetId(format, files);
  const set = await store.ensureSet({ id: setId, name: setId, format, licence: options.licence ?? defaultLicence(format), files: files.map((f) => path.basename(f)) });
  const existing = await store.tasksOf(setId);
  const bySourceHash = new Map([...existing.values()].filter((t) => t.provenance.sourceHash).map((t) => [t.provenance.sourceHash!, t]));
  const report: ImportReport = { setId, files: files.map((f) => path.basename(f)), seen: 0, added: 0, unchanged: 0, updated: 0, problems: [], problemGroups: [], invalid: [], validated: 0 };
  const pending: RepairTask[] = [];
  const touched: string[] = [];
  const flush = async () => {
    await store.appendTasks(setId, pending.splice(0));
  };

  // Two named phases of the one job, each counting its own items (24 tasks: "Parsing 24 / 24", then
  // "Validating 0 / 24"), so the total never grows when validation begins. The parse total stays unknown while
  // the file streams (its record count is known only at its end), except HeFix+'s, known once its files are read.
  const phases = validate ? 2 : 1;
  // `seen` counts every record read, malformed ones included; progress counts the records that may make a task.
  let drafts = 0;
  beginPhase(job, { name: "Parsing", index: 1, count: phases });
  for await (const item of draftsOf({ ...options, setId })) {
    job.signal.throwIfAborted();
    if ("consumed" in item) {
      report.seen += 1;
      continue;
    }
    if ("reason" in item) {
      report.problems.push(item);
      if (item.line !== null) report.seen += 1;
      continue;
    }
    report.seen += 1;
    drafts += 1;
    const sourceHash = createHash("sha256").update(item.sourceText).digest("hex");
    const known = bySourceHash.get(sourceHash);
    if (known && known.setId === setId) {
      report.unchanged += 1;
      job.progress(drafts);
      continue;
    }
    let draft: TaskDraft;
    try {
      draft = await item.draft();
      checkProgramSizes(draft, options.limits ?? defaultInputLimits);
    } catch (error) {
      if (!(error instanceof RecordProblem)) throw error;
      report.problems.push({ file: item.file, line: item.line, reason: error.message });
      continue;
    }
    const id = `${setId}/${draft.provenance.sourceId}`;
    const previous = existing.get(id);
    const contentHash = hashTaskContent(draft);
    if (previous?.contentHash === contentHash) {
      report.unchanged += 1;
    } else {
      // Frozen: a task keeps the split it was first given; new ones get theirs from the recorded seed.
      const split = previous?.split ?? draft.split ?? assignSplit({ seed: set.splitSeed, sourceId: draft.provenance.sourceId });
      const task: RepairTask = {
        ...draft, id, setId, split, contentHash, importedAt: new Date().toISOString(),
        provenance: { ...draft.provenance, file: item.file ? path.basename(item.file) : draft.provenance.file, sourceHash },
      };
      pending.push(task);
      touched.push(id);
      if (previous) report.updated += 1;
      else report.added += 1;
      if (pending.length >= APPEND_BATCH) await flush();
    }
    job.progress(drafts);
  }
  await flush();
  job.progress(drafts, drafts);
  await store.refreshCounts(setId);
  report.problemGroups = groupImportProblems(report.problems);

  if (validate) {
    // The sandbox's start belongs to this phase; its total (the tasks still to validate) comes once it is up.
    beginPhase(job, { name: "Validating", index: 2, count: phases });
    const validation = await validateTasks({ store, runtime: await options.runtime(), setId, onlyPending: true, job });
    report.validated = validation.validated;
    report.invalid = validation.invalid;
  }
  return report;
}

/** Starts a named phase where the job context knows phases (JobRunner's does); a bare context just restarts its count. */
function beginPhase(job: JobContext, phase: JobPhase): void {
  if (job.phase) job.phase(phase, null);
  else job.progress(0, null);
}

async function* draftsOf(options: { format: TaskFormat; files: string[]; setId: string; entryPoint?: string; runtime: () => Promise<PythonRunner>; job: JobContext; limits?: InputLimits }): DraftSource {
  const { format, files, job, limits } = options;
  if (format === "pair") {
    if (files.length !== 2) throw new InvalidInputError(`Format "pair" takes exactly two files (program, tests); got ${files.length}.`, { field: "files" });
    const [programFile, testsFile] = files;
    const draft = await readProgramPair({ programFile, testsFile, entryPoint: options.entryPoint, limits });
    yield { file: programFile, line: null, sourceText: JSON.stringify(draft), draft: async () => draft };
    return;
  }
  if (format === "hefix-plus") {
    yield* heFixPlusDrafts(options);
    return;
  }
  const parse = parserFor(format);
  for (const file of files) {
    let records = 0;
    for await (const record of readJsonRecords({ file, signal: job.signal, limits })) {
      records += 1;
      if (record.error !== null) {
        yield { file, line: record.line, reason: record.error };
        continue;
      }
      yield { file, line: record.line, sourceText: record.text, draft: async () => parse(record.value, file) };
    }
    if (records === 0) yield emptyFile(file);
  }
}

/** A program over `maxProgramBytes` makes its record a problem (file, line, limit), like any other bad field. */
function checkProgramSizes(draft: TaskDraft, limits: InputLimits): void {
  for (const [field, text] of [["buggy program", draft.buggyProgram], ["reference", draft.reference]] as const) {
    const size = text === null ? 0 : Buffer.byteLength(text);
    if (size > limits.maxProgramBytes) throw new RecordProblem(describeOverLimit(`the ${field}`, "maxProgramBytes", limits.maxProgramBytes, size));
  }
}

function parserFor(format: TaskFormat): (value: unknown, file: string) => TaskDraft {
  if (format === "humanevalfix") return (value) => parseHumanEvalFix(value);
  if (format === "mbpp") return (value, file) => parseMbpp(value, { variant: file.endsWith(".json") ? "sanitized" : "full" });
  if (format === "jsonl" || format === "demo") return (value) => parseOwnTask(value, { format, licence: format === "demo" ? "MIT" : "user" });
  throw new InvalidInputError(`Unknown task format "${format}"; use hefix-plus, humanevalfix, mbpp, jsonl or pair.`, { field: "format" });
}

/**
 * HeFix+ needs both files: humanevalpack-python.jsonl (buggy programs, bug types) and HumanEvalPlus.jsonl.gz
 * (inputs). Each file is recognised by its first record, so the order on the command line does not matter.
 */
async function* heFixPlusDrafts(options: { files: string[]; runtime: () => Promise<PythonRunner>; job: JobContext; limits?: InputLimits }): DraftSource {
  const { files, job, limits } = options;
  if (files.length !== 2) throw new InvalidInputError("Format \"hefix-plus\" takes two files: humanevalpack-python.jsonl and HumanEvalPlus.jsonl.gz.", { field: "files" });
  const packs = new Map<number, HumanEvalPackRecord>();
  const plusRecords: Array<{ file: string; record: JsonRecord & { error: null } }> = [];
  for (const file of files) {
    let records = 0;
    for await (const record of readJsonRecords({ file, signal: job.signal, limits })) {
      records += 1;
      if (record.error !== null) {
        yield { file, line: record.line, reason: record.error };
        continue;
      }
      const value = record.value as Record<string, unknown>;
      if (value && typeof value === "object" && "buggy_solution" in value) {
        try {
          const pack = readHumanEvalPackRecord(value);
          packs.set(pack.number, pack);
          yield { consumed: true };
        } catch (error) {
          if (!(error instanceof RecordProblem)) throw error;
          yield { file, line: record.line, reason: error.message };
        }
      } else if (value && typeof value === "object" && "plus_input" in value) {
        plusRecords.push({ file, record });
      } else {
        yield { file, line: record.line, reason: 'neither a HumanEvalPack record (no "buggy_solution") nor a HumanEval+ record (no "plus_input")' };
      }
    }
    if (records === 0) throw new TaskFileError(file, "the file is empty (no records)");
  }
  if (packs.size === 0) throw new InvalidInputError("Format \"hefix-plus\": no HumanEvalPack record (with buggy_solution) in the files given.", { field: "files" });
  if (plusRecords.length === 0) throw new InvalidInputError("Format \"hefix-plus\": no HumanEval+ record (with plus_input) in the files given.", { field: "files" });
  job.progress(0, plusRecords.length);
  for (const { file, record } of plusRecords) {
    const number = Number(/"task_id":\s*"HumanEval\/(\d+)"/.exec(record.text)?.[1] ?? NaN);
    const pack = packs.get(number);
    yield {
      file,
      line: record.line,
      sourceText: (pack ? JSON.stringify(pack) : "") + record.text,
      draft: async () => {
        const plus = readHumanEvalPlusRecord(record.value);
        if (!pack) throw new RecordProblem(`no HumanEvalPack record Python/${plus.number} to pair with ${plus.taskId}`);
        const { cases } = await computeExpectedOutputs({ runtime: await options.runtime(), rawLine: record.text, signal: job.signal });
        return buildHeFixPlusDraft({ pack, plus, cases });
      },
    };
  }
}

function defaultSetId(format: TaskFormat, files: string[]): string {
  if (format === "mbpp") return files[0].endsWith(".json") ? "mbpp-sanitized" : "mbpp";
  if (format === "hefix-plus" || format === "humanevalfix" || format === "demo" || format === "mbpp-r") return format;
  const base = path.basename(files[0]).replace(/\.(jsonl|json|py|gz)$/g, "").replace(/\.(jsonl|json)$/, "");
  return base.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64) || "own";
}

function defaultLicence(format: TaskFormat): string {
  return { "hefix-plus": "MIT AND Apache-2.0", humanevalfix: "MIT", mbpp: "CC-BY-4.0", demo: "MIT", "mbpp-r": "CC-BY-4.0" }[format as string] ?? "user";
}
