import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ExportManifest, ExportOptions, ExportRowInfo } from "../../api/exportApi.js";
import type { RoundSampleRecord } from "../../api/roundTypes.js";
import type { TaskView } from "../../api/taskTypes.js";
import { InvalidInputError, TracetuneError } from "../../common/TracetuneError.js";
import { defaultNearDuplicateThreshold, findContamination } from "../../tasks/contamination/findContamination.js";
import type { TaskStore } from "../../tasks/TaskStore.js";
import { formatRepairAnswer } from "../../repair/composeRepairMessages.js";
import { exemplarOverlap } from "../../repair/exemplars.js";
import { loadPromptTemplate } from "../../repair/promptTemplate.js";
import { buildExportMessages, type ExportMessage } from "../common/buildExportMessages.js";
import { splitTasks, type FrozenSplit } from "../common/splitTasks.js";
import { tokenStats } from "../common/tokenStats.js";
import { ExportNoRowsError } from "../exportErrors.js";
import { openRowRenderer, type RowRenderer } from "./openRowRenderer.js";
import { listRunRounds, readRoundRecords } from "./readRoundRecords.js";

/** Rebuilds a sample's prompt without the execution trace (the repair prompt for trace format "none"). */
export type RebuildPrompt = (record: RoundSampleRecord) => Promise<ExportMessage[]>;

export interface PlannedRow {
  info: ExportRowInfo;
  messages: ExportMessage[];
  /** The row as it goes into the corpus. */
  text: string;
  /** Its assistant turn alone, as it goes into the completions corpus. */
  completionText: string;
}

export interface ExportPlan {
  rows: PlannedRow[];
  split: FrozenSplit;
  renderer: RowRenderer;
  /** The manifest without `files`, `trainers` and `createdAt` (known once written). */
  manifest: Omit<ExportManifest, "files" | "trainers" | "createdAt">;
}

/** Where each run's frozen task split lives, so every export of the run places a task the same way. */
export function frozenSplitFile(dataDir: string, run: string): string {
  return path.join(dataDir, "exports", "splits", `${run}.json`);
}

/** The model the rounds sampled with, when every kept record names the same local file and it is still there. */
function roundsModelFile(records: RoundSampleRecord[]): string | null {
  const files = new Set(records.map((record) => (record.receipt.model.kind === "local" ? record.receipt.model.file : null)));
  const [only] = [...files];
  return files.size === 1 && only && existsSync(only) ? only : null;
}

function resolveOptions(options: Omit<ExportOptions, "out">) {
  const { includeTrace = true, systemPrompt = null, overLength = "exclude", validRatio = 0.1 } = options;
  if (!(validRatio >= 0 && validRatio < 1)) throw new InvalidInputError(`validRatio ${validRatio} must be at least 0 and below 1.`, { field: "validRatio" });
  if (options.maxTokens !== undefined && options.maxTokens !== null && !(Number.isInteger(options.maxTokens) && options.maxTokens > 0)) throw new InvalidInputError(`maxTokens ${options.maxTokens} must be a positive integer.`, { field: "maxTokens" });
  if (overLength !== "exclude" && overLength !== "keep") throw new InvalidInputError(`overLength must be "exclude" or "keep", not ${JSON.stringify(overLength)}.`, { field: "overLength" });
  return { includeTrace, systemPrompt, overLength, validRatio };
}

/**
 * Everything an export holds, computed without writing: the kept records of the chosen rounds, each turned
 * into messages (trace kept or rebuilt without), rendered with the model's template and counted with its
 * tokenizer, split by task (frozen per run), checked against the dev/test tasks, and marked over-length.
 * The caller disposes `renderer`.
 */
export async function planExport(options: {
  dataDir: string;
  store: TaskStore;
  args: Omit<ExportOptions, "out">;
  rebuildPrompt?: RebuildPrompt | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<ExportPlan> {
  const { dataDir, store, args, rebuildPrompt, signal, onProgress } = options;
  const resolved = resolveOptions(args);
  const available = await listRunRounds(dataDir, args.run);
  const rounds = args.rounds && args.rounds.length > 0 ? [...new Set(args.rounds)].sort((a, b) => a - b) : available;
  const missing = rounds.filter((round) => !available.includes(round));
  if (missing.length > 0) throw new InvalidInputError(`Run "${args.run}" has no round ${missing.join(", ")} (it has ${available.join(", ") || "none"}).`, { field: "rounds", missing, available });
  const records = (await Promise.all(rounds.map((round) => readRoundRecords({ dataDir, run: args.run, round })))).flat();
  const kept = records.filter((record) => record.kept && record.code.trim() !== "");
  if (kept.length === 0) throw new ExportNoRowsError(`Run "${args.run}" has no kept samples in round(s) ${rounds.join(", ")} (${records.length} records read).`, { run: args.run, rounds, records: records.length });

  const modelFile = args.model ? path.resolve(args.model) : roundsModelFile(kept);
  const renderer = await openRowRenderer({ modelFile });
  try {
    const maxTokens = args.maxTokens ?? renderer.model?.contextLength ?? 4096;
    const frozen = await readFile(frozenSplitFile(dataDir, args.run), "utf8").then((text) => JSON.parse(text) as FrozenSplit, () => null);
    const taskIds = [...new Set(kept.map((record) => record.taskId))].sort();
    const split = splitTasks({ taskIds, ratio: frozen?.ratio ?? resolved.validRatio, frozen });
    const contamination = await checkContamination(store, taskIds);

    const rows: PlannedRow[] = [];
    for (const [index, record] of kept.entries()) {
      signal?.throwIfAborted();
      let prompt: ExportMessage[] | undefined;
      if (!resolved.includeTrace && record.receipt.traceFormat !== "none") {
        if (!rebuildPrompt) throw new TracetuneError("export_no_trace_unavailable", "An export without the trace needs the repair prompt builder, which is not available in this build.", {});
        prompt = await rebuildPrompt(record);
      }
      const messages = buildExportMessages({ record, prompt, systemPrompt: resolved.systemPrompt, answer: answerOf(record) });
      const rendered = renderer.render(messages);
      const isOverLength = rendered.tokens > maxTokens;
      const isContaminated = contamination.contaminatedTaskIds.includes(record.taskId);
      const isExemplar = contamination.exemplarOverlaps.some((overlap) => overlap.taskId === record.taskId);
      const excludedReason = isContaminated ? "contaminated" : isExemplar ? "exemplar_overlap" : isOverLength && resolved.overLength === "exclude" ? "over_length" : null;
      rows.push({
        messages,
        text: rendered.text,
        completionText: rendered.completionText,
        info: {
          id: `${record.run}/r${record.round}/${record.taskId}/${record.sampleIndex}`,
          taskId: record.taskId, round: record.round, sampleIndex: record.sampleIndex,
          split: split.assignments[record.taskId] ?? "train",
          tokens: rendered.tokens, promptTokens: rendered.promptTokens, completionTokens: rendered.completionTokens,
          isOverLength, isIncluded: excludedReason === null, excludedReason, receipt: record.receipt,
        },
      });
      onProgress?.(index + 1, kept.length);
    }
    const included = rows.filter((row) => row.info.isIncluded);
    const lengths = (which: "train" | "valid") => included.filter((row) => row.info.split === which).map((row) => row.info.tokens);
    const manifest: ExportPlan["manifest"] = {
      formatVersion: 1,
      run: args.run,
      rounds,
      options: { run: args.run, rounds, out: "", model: renderer.model?.file ?? null, includeTrace: resolved.includeTrace, systemPrompt: resolved.systemPrompt, maxTokens, overLength: resolved.overLength, validRatio: split.ratio },
      template: renderer.template,
      model: renderer.model,
      tokenizer: renderer.tokenizer,
      counts: {
        records: records.length, kept: kept.length, rows: included.length,
        train: included.filter((row) => row.info.split === "train").length,
        valid: included.filter((row) => row.info.split === "valid").length,
        overLength: rows.filter((row) => row.info.isOverLength).length,
        excluded: rows.length - included.length,
        tasks: taskIds.length,
      },
      split: {
        ratio: split.ratio,
        trainTaskIds: taskIds.filter((id) => split.assignments[id] === "train"),
        validTaskIds: taskIds.filter((id) => split.assignments[id] === "valid"),
        frozenIn: frozenSplitFile(dataDir, args.run),
      },
      tokens: { train: tokenStats(lengths("train")), valid: tokenStats(lengths("valid")) },
      overLength: { maxTokens, policy: resolved.overLength, rowIds: rows.filter((row) => row.info.isOverLength).map((row) => row.info.id) },
      contamination,
      rows: rows.map((row) => row.info),
    };
    return { rows, split, renderer, manifest };
  } catch (error) {
    await renderer.dispose();
    throw error;
  }
}

/**
 * The trained assistant turn: the sample's rationale and fixed program in the answer format of the prompt
 * template it was sampled with (the format the prompt asked for and parseCompletion reads back); the default
 * template's when that one is no longer installed.
 */
function answerOf(record: RoundSampleRecord): string {
  let template;
  try {
    template = loadPromptTemplate(record.receipt.promptTemplate.id);
  } catch {
    template = undefined;
  }
  return formatRepairAnswer({ template, rationale: record.rationale, code: record.code });
}

/**
 * The export's tasks against every dev/test task of their sets (exact and near duplicates, native/tasks/contamination),
 * and against the prompt's exemplars (a task seen with its answer in every prompt teaches nothing and says nothing).
 */
async function checkContamination(store: TaskStore, taskIds: string[]): Promise<ExportManifest["contamination"]> {
  const found: TaskView[] = [];
  const unchecked: string[] = [];
  for (const id of taskIds) {
    const task = await store.getTask(id).catch(() => null);
    if (task) found.push(task);
    else unchecked.push(id);
  }
  const setIds = [...new Set(found.map((task) => task.setId))];
  const evaluation = (await store.views(setIds)).filter((task) => task.split === "dev" || task.split === "test");
  const report = findContamination({ train: found, evaluation, threshold: defaultNearDuplicateThreshold });
  return {
    evalTaskCount: evaluation.length,
    threshold: report.threshold,
    pairs: report.pairs.map(({ trainTaskId, evalTaskId, similarity, kind }) => ({ trainTaskId, evalTaskId, similarity, kind })),
    // A task that is itself dev/test never trains, whatever the rounds did.
    contaminatedTaskIds: [...new Set([...report.contaminatedTaskIds, ...found.filter((task) => task.split === "dev" || task.split === "test").map((task) => task.id)])].sort(),
    uncheckedTaskIds: unchecked,
    exemplarOverlaps: found.flatMap((task) => exemplarOverlap(task).map((overlap) => ({ taskId: task.id, ...overlap }))),
  };
}
