import type { TaskStore } from "../../tasks/TaskStore.js";
import { buildNoTraceMessages } from "../../repair/composeRepairMessages.js";
import type { ExportMessage } from "../common/buildExportMessages.js";
import type { RebuildPrompt } from "./planExport.js";

/**
 * The repair prompt of a sample's task without the trace, exactly as a repair job with trace format "none"
 * sends it: the same template (the receipt's) and as many exemplars as the sample's prompt showed (its
 * assistant turns). Throws `unknown_task` when the task is no longer in the store.
 */
export function rebuildNoTracePrompt(store: TaskStore): RebuildPrompt {
  return async (record) => {
    const task = await store.getTask(record.taskId);
    const fewShot = record.prompt.filter((message) => message.role === "assistant").length;
    const { messages } = buildNoTraceMessages({ task, templateId: record.receipt.promptTemplate.id, fewShot });
    return messages.map((message) => ({ role: message.role, content: message.content }) as ExportMessage);
  };
}
