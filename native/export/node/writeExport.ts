import { createHash } from "node:crypto";
import { mkdir, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ExportManifest, ExportOptions } from "../../api/exportApi.js";
import { InvalidInputError } from "../../common/TracetuneError.js";
import type { TaskStore } from "../../tasks/TaskStore.js";
import { toPromptCompletion } from "../common/buildExportMessages.js";
import { buildTrainerRecipes } from "../common/trainerRecipes.js";
import { frozenSplitFile, planExport, type PlannedRow, type RebuildPrompt } from "./planExport.js";

/** The files of an export, relative to its dir (docs/training.md, "Export layout"). */
export const exportFiles = {
  messagesTrain: "messages/train.jsonl",
  messagesValid: "messages/valid.jsonl",
  promptCompletionTrain: "prompt-completion/train.jsonl",
  promptCompletionValid: "prompt-completion/valid.jsonl",
  corpus: "llamacpp/corpus.txt",
  corpusValid: "llamacpp/valid.txt",
  /** The assistant turns alone (no prompts): llama-finetune has no prompt masking, so this is its completion-only corpus (docs/training.md). */
  completionsCorpus: "llamacpp/completions.txt",
  completionsCorpusValid: "llamacpp/completions-valid.txt",
  chatTemplate: "llamacpp/chat_template.jinja",
  manifest: "manifest.json",
} as const;

async function writeAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.partial`, content);
  await rename(`${file}.partial`, file);
}

const jsonl = (values: unknown[]) => values.map((value) => `${JSON.stringify(value)}\n`).join("");

/**
 * Writes one export directory from a run's kept samples: the rows in every trainer's shape (both split files
 * always exist, possibly empty), the corpus rendered with the model's template, the template itself, the
 * external trainers' recipes, and manifest.json last (an export without it is unfinished). The run's frozen
 * split is saved only after the files are written. `out` must be absent or empty.
 */
export async function writeExport(options: {
  dataDir: string;
  store: TaskStore;
  args: ExportOptions;
  rebuildPrompt?: RebuildPrompt | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<ExportManifest> {
  const { dataDir, store, args, rebuildPrompt, signal, onProgress } = options;
  if (!args.out) throw new InvalidInputError("An export needs an output directory (out).", { field: "out" });
  const out = path.resolve(args.out);
  const existing = await readdir(out).catch(() => null);
  if (existing && existing.length > 0) throw new InvalidInputError(`The export directory ${out} is not empty; choose a new one.`, { field: "out", dir: out });

  const plan = await planExport({ dataDir, store, args, rebuildPrompt, signal, onProgress });
  try {
    const included = plan.rows.filter((row) => row.info.isIncluded);
    const of = (split: "train" | "valid") => included.filter((row) => row.info.split === split);
    const messagesRows = (rows: PlannedRow[]) => rows.map((row) => ({ messages: row.messages }));
    const promptCompletionRows = (rows: PlannedRow[]) => rows.map((row) => toPromptCompletion(row.messages));
    const contents: Record<string, { content: string; rows: number | null }> = {
      [exportFiles.messagesTrain]: { content: jsonl(messagesRows(of("train"))), rows: of("train").length },
      [exportFiles.messagesValid]: { content: jsonl(messagesRows(of("valid"))), rows: of("valid").length },
      [exportFiles.promptCompletionTrain]: { content: jsonl(promptCompletionRows(of("train"))), rows: of("train").length },
      [exportFiles.promptCompletionValid]: { content: jsonl(promptCompletionRows(of("valid"))), rows: of("valid").length },
      [exportFiles.corpus]: { content: of("train").map((row) => row.text).join(""), rows: of("train").length },
      [exportFiles.corpusValid]: { content: of("valid").map((row) => row.text).join(""), rows: of("valid").length },
      [exportFiles.completionsCorpus]: { content: of("train").map((row) => row.completionText).join(""), rows: of("train").length },
      [exportFiles.completionsCorpusValid]: { content: of("valid").map((row) => row.completionText).join(""), rows: of("valid").length },
      [exportFiles.chatTemplate]: { content: plan.renderer.templateText, rows: null },
    };
    const { recipes, files: recipeFiles } = buildTrainerRecipes({ maxTokens: plan.manifest.options.maxTokens, chatTemplate: plan.renderer.templateText, epochs: 2, trainRows: of("train").length });
    for (const file of recipeFiles) contents[file.path] = { content: file.content, rows: null };

    const files: ExportManifest["files"] = {};
    for (const [relative, { content, rows }] of Object.entries(contents)) {
      signal?.throwIfAborted();
      await writeAtomic(path.join(out, relative), content);
      files[relative] = { rows, sha256: createHash("sha256").update(content).digest("hex") };
    }
    const manifest: ExportManifest = {
      ...plan.manifest,
      createdAt: new Date().toISOString(),
      options: { ...plan.manifest.options, out },
      files,
      trainers: recipes,
    };
    // Key order as the type declares it, so manifest.json reads top-down: what, from where, then the rows.
    const { rows, ...head } = manifest;
    await writeAtomic(path.join(out, exportFiles.manifest), `${JSON.stringify({ ...head, rows }, null, 2)}\n`);
    await writeAtomic(frozenSplitFile(dataDir, args.run), `${JSON.stringify(plan.split, null, 2)}\n`);
    return { ...head, rows };
  } finally {
    await plan.renderer.dispose();
  }
}
