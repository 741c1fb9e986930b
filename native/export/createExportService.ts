import type { ExportApi } from "../api/exportApi.js";
import type { CoreContext } from "../core/CoreContext.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { TaskStore } from "../tasks/TaskStore.js";
import { planExport } from "./node/planExport.js";
import { rebuildNoTracePrompt } from "./node/rebuildNoTracePrompt.js";
import { readExportManifest } from "./node/readExportManifest.js";
import { writeExport } from "./node/writeExport.js";

/** Rows the preview renders unless asked for another number. */
const DEFAULT_PREVIEW_ROWS = 20;

/**
 * The export feature: a preview (counts, token histogram, first rows rendered with the template) that writes
 * nothing, the export itself as a job, and reading an export's manifest back.
 */
export async function createExportService(context: CoreContext): Promise<ExportApi> {
  const store = await TaskStore.shared({ dataDir: context.dataDir });
  const rebuildPrompt = rebuildNoTracePrompt(store);
  return {
    async previewExport(args) {
      const { limit = DEFAULT_PREVIEW_ROWS, ...rest } = args;
      if (!Number.isInteger(limit) || limit < 0) throw new InvalidInputError(`limit must be a non-negative integer, not ${limit}.`, { field: "limit" });
      const plan = await planExport({ dataDir: context.dataDir, store, args: rest, rebuildPrompt });
      try {
        return {
          template: plan.manifest.template,
          tokenizer: plan.manifest.tokenizer,
          counts: plan.manifest.counts,
          tokens: plan.manifest.tokens,
          rows: plan.rows.slice(0, limit).map((row) => ({
            id: row.info.id, taskId: row.info.taskId, round: row.info.round, split: row.info.split,
            rendered: row.text, messages: row.messages, tokens: row.info.tokens, isOverLength: row.info.isOverLength,
          })),
        };
      } finally {
        await plan.renderer.dispose();
      }
    },

    async startExport(args) {
      const { id } = context.jobs.start({ kind: "export.write", title: `Exporting run ${args.run} to ${args.out}` }, (job) =>
        writeExport({ dataDir: context.dataDir, store, args, rebuildPrompt, signal: job.signal, onProgress: (done, total) => job.progress(done, total) }),
      );
      return { jobId: id };
    },

    readExport: async (args) => readExportManifest(args.dir),
  };
}
